#!/usr/bin/env python3
"""Writes the teachers' example workbooks in examples/ (run from the
repository root): teachers.xlsx (师资信息), teacher-events.xlsx (师资记录)
and rotations.xlsx (轮转计划 of the residents of examples/roster.xlsx).

The teaching office of the example base judges its teachers for 2022 (the
residents' second year): one has a medical damage incident in 2020, one two
failing evaluations in a row, one a failing evaluation in 2021 (out until
two clean years follow), one a 中级 title too recent, one a 骨干 row without
a provincial certificate (refused at import). Every row names the form's
images in examples/photos/, so that the teachers can apply. examples/demo.sh
walks through them. Needs openpyxl (pip install openpyxl). The output is
committed; rerun only to change it.
"""
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def id_number(area, birth, seq):
    first = f"{area}{birth}{seq:03d}"
    return first + C[sum(int(d) * w for d, w in zip(first, W)) % 11]


def sheet(wb, name, title, note, header, rows, text_columns, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    last = chr(ord("A") + len(header) - 1)
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([note])
    ws.merge_cells(f"A2:{last}2")
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if header[cell.column - 1].lstrip("*") in text_columns:
                cell.number_format = "@"
    for i, h in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = max(10, len(h) * 2 + 4)
    return ws


# name, area, birth, seq (odd: male), department, title, 中级 date, level,
# training certificate (level, date), 最高学历
TEACHERS = [
    ("张建国", "510104", "19780312", 21, "心内科", "主治医师", "2015-07-01", "一般", None, "本科"),
    ("李红", "510107", "19720805", 42, "心内科", "副主任医师", "2010-07-01", "骨干", ("省级", "2019-05"), "硕士"),
    ("王强", "510602", "19800117", 63, "心内科", "主治医师", "2016-07-01", "一般", None, "本科"),
    ("陈燕", "500103", "19790924", 84, "普外科", "主治医师", "2014-07-01", "一般", None, "本科"),
    ("刘伟", "530102", "19761130", 105, "普外科", "主治医师", "2012-07-01", "一般", ("院级", "2017-11"), "硕士"),
    ("赵敏", "110105", "19680415", 126, "普外科", "主任医师", "2005-07-01", "骨干", ("国家级", "2018-10"), "博士"),
    ("孙丽", "360102", "19810619", 148, "儿科", "主治医师", "2013-07-01", "一般", None, "本科"),
    ("周涛", "510104", "19700228", 167, "儿科", "副主任医师", "2008-07-01", "一般", None, "硕士"),
    ("吴静", "511702", "19870903", 188, "儿科", "主治医师", "2020-07-01", "一般", None, "硕士"),
    ("郑凯", "510107", "19830521", 209, "心内科", "主治医师", "2017-07-01", "骨干", ("市级", "2020-06"), "本科"),
]

HEADER = [
    "*姓名", "*身份证件类别", "*证件号码", "*性别", "*出生日期", "民族", "健康状况",
    "*证件扫描件", "*头像照片",
    "*是否获得医师资格证书", "#取得证书时间", "#执业资格级别", "#执业资格类别",
    "#医师资格证书编码", "#医师资格证书扫描件", "*手机号", "电子邮箱", "最高学历", "*科室", "*技术职称",
    "#取得中级职称时间", "执业医师证号", "带教任职时间", "师资级别", "师资培训证书级别",
    "取得师资培训证书时间",
]

ids = {}
rows = []
for k, (name, area, birth, seq, dept, title, title_on, level, training, education) in enumerate(TEACHERS):
    idn = id_number(area, birth, seq)
    ids[name] = idn
    year = int(birth[:4]) + 26
    sex = "男" if seq % 2 else "女"
    born = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
    rows.append([
        name, "居民身份证", idn, sex, born, "汉族", "健康或良好", "photos/id-front.jpg",
        "photos/portrait.jpg", "是", f"{year}-12", "执业医师", "临床",
        f"{year}51110{idn}", "photos/licence.jpg", f"1398000{k + 1:04d}",
        f"teacher{k + 1}@example.cn", education,
        dept, title, title_on, f"1105100000{k + 1:05d}", f"{int(title_on[:4]) + 1}-09", level,
        training[0] if training else None, training[1] if training else None,
    ])

wb = Workbook()
sheet(
    wb, "师资信息", "示例医院 师资信息",
    "说明:带*为必填项,带#为条件必填;证件号码、医师资格证书编码、执业医师证号请设为文本格式。",
    HEADER, rows, {"证件号码", "医师资格证书编码", "执业医师证号", "手机号"}, first=True,
)
wb.save("examples/teachers.xlsx")

# 证件号码, 姓名, 类别, 日期, 年度, 责任程度, 等级, 结果, 说明
EVENTS = [
    ("王强", "医疗损害事件", "2020-09-15", None, "主要", None, None, "医疗损害鉴定:主要责任"),
    ("陈燕", "带教评价", None, 2020, None, None, "不合格", None),
    ("陈燕", "带教评价", None, 2021, None, None, "不合格", None),
    ("刘伟", "带教评价", None, 2020, None, None, "合格", None),
    ("刘伟", "带教评价", None, 2021, None, None, "不合格", "须其后连续两年无不合格"),
    ("赵敏", "医疗损害事件", "2021-03-01", None, "次要", None, None, None),
    ("孙丽", "教学事故", "2021-05-01", None, None, "一般", None, "教学查房迟到"),
    ("张建国", "带教评价", None, 2021, None, None, "合格", None),
]
wb = Workbook()
sheet(
    wb, "师资记录", "示例医院 师资记录",
    "说明:医疗损害事件填日期和责任程度;教学事故填日期和等级;带教评价填年度和结果。",
    ["*证件号码", "姓名", "*类别", "日期", "年度", "责任程度", "等级", "结果", "说明"],
    [[ids[n], n, kind, date, year, resp, grade, result, note]
     for n, kind, date, year, resp, grade, result, note in EVENTS],
    {"证件号码"}, first=True,
)
wb.save("examples/teacher-events.xlsx")

# Residents of examples/roster.xlsx (在培 at the base from 2019): monthly
# rotations from March to June 2022 through 心内科, 普外科 and 儿科; in April
# 儿科 takes seven residents (its two teachers take six), and one resident
# goes to 眼科, which has no teachers.
RESIDENTS = [
    ("110105199803262500", "王芳"), ("510107199502286821", "李娜"),
    ("110105199603104559", "张伟"), ("511702199410131891", "刘洋"),
    ("510602199404245968", "陈静"), ("500103199712153739", "杨帆"),
    ("53010219940810865X", "赵磊"), ("510602199305185146", "黄婷"),
    ("51010719930417655X", "周杰"), ("500103199712267568", "吴敏"),
]
MONTHS = [("2022-03-01", "2022-03-31"), ("2022-04-01", "2022-04-30"),
          ("2022-05-01", "2022-05-31"), ("2022-06-01", "2022-06-30")]
DEPTS = ["心内科", "普外科", "儿科"]
rotations = []
for i, (idn, name) in enumerate(RESIDENTS[:9]):
    for m, (start, end) in enumerate(MONTHS):
        dept = DEPTS[(i + m) % 3]
        if m == 1 and i <= 5:
            dept = "儿科"
        rotations.append([idn, name, dept, start, end])
rotations.append([RESIDENTS[9][0], RESIDENTS[9][1], "眼科", "2022-03-01", "2022-03-31"])
wb = Workbook()
sheet(
    wb, "轮转计划", "示例医院 2022 年住院医师轮转计划",
    "说明:每段轮转一行;开始日期、结束日期均含在内,同一住院医师的轮转不能重叠。",
    ["*证件号码", "*姓名", "*科室", "*开始日期", "*结束日期"], rotations, {"证件号码"},
    first=True,
)
wb.save("examples/rotations.xlsx")

for name, idn in ids.items():
    print(name, idn)
