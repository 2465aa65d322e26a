#!/usr/bin/env python3
"""Writes the example rosters in examples/ (run from the repository root).

The files imitate what bases really send: an XLSX from Excel with a title
row and a note above the header, the ID column as text; the same people as
a GBK CSV (what Excel on Chinese Windows saves) and as UTF-8 CSV.
Needs openpyxl (pip install openpyxl). The output is committed; rerun only
to change it.
"""
import csv
import random

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def id_number(area, birth, seq):
    first = f"{area}{birth}{seq:03d}"
    return first + C[sum(int(d) * w for d, w in zip(first, W)) % 11]


rng = random.Random(2019)
NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴敏",
         "徐静怡", "孙浩然", "胡雪", "朱晨", "高远", "林晓燕", "何佳琪", "郭子豪",
         "马丽", "罗堃", "买买提·艾力", "欧阳文博", "梁思雨", "宋佳", "郑一鸣"]
AREAS = ["510104", "510107", "510602", "511702", "500103", "530102", "110105", "360102"]

people = []
for i, name in enumerate(NAMES):
    birth = f"{rng.randint(1992, 1998)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    seq = rng.randint(1, 499) * 2 + (0 if name in ("王芳", "李娜", "陈静", "黄婷", "吴敏", "徐静怡",
                                                    "胡雪", "林晓燕", "何佳琪", "马丽", "梁思雨",
                                                    "宋佳") else 1)
    phone = "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    people.append([2019, name, "居民身份证", id_number(rng.choice(AREAS), birth, seq % 1000), phone])

HEADER = ["*招收年份", "*姓名", "*证件类型", "*证件号码", "*手机号码"]

wb = Workbook()
ws = wb.active
ws.title = "账号模板"
ws.append(["附件1  2019年住院医师账号导入模板(示例培训基地)"])
ws.merge_cells("A1:E1")
ws["A1"].font = Font(bold=True, size=14)
ws["A1"].alignment = Alignment(horizontal="center")
ws.append(["说明:带*为必填项;证件号码列请设为文本格式;导入后证件类型和证件号码不可修改。"])
ws.merge_cells("A2:E2")
ws.append(HEADER)
for p in people:
    ws.append(p)
for row in ws.iter_rows(min_row=4, min_col=4, max_col=5):
    for cell in row:
        cell.number_format = "@"
for col, width in zip("ABCDE", [10, 14, 14, 22, 16]):
    ws.column_dimensions[col].width = width
wb.save("examples/roster.xlsx")

with open("examples/roster-gbk.csv", "w", encoding="gbk", newline="") as f:
    w = csv.writer(f)
    w.writerow(["招收年份", "姓名", "证件类型", "证件号码", "手机号码"])
    w.writerows(p for p in people[:12])

with open("examples/roster-utf8.csv", "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Recruitment year", "Name", "ID type", "ID number", "Mobile"])
    w.writerows(p for p in people[12:])

# A roster as it often arrives the first time: typos an import must catch.
bad = [row[:] for row in people[:6]]
bad[1][3] = bad[1][3][:-1] + ("0" if bad[1][3][-1] != "0" else "1")   # wrong check digit
bad[2][4] = "1360703848"                                                # phone one digit short
bad[3][3] = "3.62301199202281E+17"                                      # ID stored as a number
bad[4][0] = "二〇一九"                                                   # year not a year
bad.append(bad[0][:])                                                   # the same person twice
with open("examples/roster-with-errors.csv", "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f)
    w.writerow(HEADER)
    w.writerows(bad)

# The base's training information for the same residents (培训信息模板), one
# row still incomplete, as bases' first drafts are.
specialties = ["内科", "外科", "儿科", "全科", "妇产科", "麻醉科", "急诊科", "神经内科",
               "放射科", "超声医学科"]
TYPES = ["本单位人", "单位委派", "社会人", "专业学位硕士"]
wb = Workbook()
ws = wb.active
ws.title = "培训信息"
ws.append(["*证件号码", "*姓名", "*招收年份", "*培训专业", "*人员类型", "*核定培训年限",
           "*培训开始时间", "*培训结束时间", "*培训状态"])
for i, p in enumerate(people):
    row = [p[3], p[1], 2019, specialties[i % len(specialties)], TYPES[i % len(TYPES)], 3,
           "2019-09-01", "2022-08-31", "在培"]
    if i == 7:
        row[3] = None            # specialty still missing
    ws.append(row)
for row in ws.iter_rows(min_row=2, min_col=1, max_col=1):
    for cell in row:
        cell.number_format = "@"
for col, width in zip("ABCDEFGHI", [22, 12, 10, 12, 12, 12, 14, 14, 10]):
    ws.column_dimensions[col].width = width
wb.save("examples/training.xlsx")

# A CME office (a 市州级 hospital): its members, and their credit records for
# 2015–2017 — the first member's are those of the CME platform's sample
# certificate (docs/certificate.md), with the class-II credits that complete
# her standard; the second falls short.
MEMBERS = [
    ("王雪梅", "510104", "19750312", 44, "超声医学科", "技师系列 - 副主任技师(副高)"),
    ("陈建国", "510107", "19800521", 13, "心血管内科", "主治医师"),
    ("李晓丽", "510602", "19880909", 22, "护理部", "护师"),
    ("张强", "511702", "19930115", 37, "急诊科", "医师"),
    ("刘芳", "500103", "19850630", 48, "妇产科", "主任医师"),
    ("赵明", "530102", "19950801", 15, "信息科", "无职称"),
]
members = []
wb = Workbook()
ws = wb.active
ws.title = "账号模板"
ws.append(["*姓名", "*证件类型", "*证件号码", "*手机号码", "*科室", "*技术职称", "*电子邮箱", "*参加继教",
           "*学分达标遵照"])
for k, (name, area, birth, seq, dept, title) in enumerate(MEMBERS):
    idn = id_number(area, birth, seq)
    phone = f"139{k:08d}"
    members.append((idn, name))
    ws.append([name, "居民身份证", idn, phone, dept, title, f"member{k}@hospital.cn", "是",
               "市州级/二级以下医院"])
for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
    for cell in row:
        cell.number_format = "@"
wb.save("examples/members.xlsx")

CREDIT_HEADER = ["*证件号码", "*姓名", "*项目编号", "*项目名称", "*学分", "*学分类型", "*开始日期",
                 "*结束日期", "*学分获取形式", "*主办单位", "*举办年度", "学科分类", "备注"]
credits = []
wang, chen = members[0], members[1]
for no, pname, cr, kind, start, end in [
    ("201745123", "国家级项目", 2.0, "国家级I类", "2017-10-17", "2017-10-17"),
    ("17-01-09040386", "肝脏超声造影专题学习班", 2.0, "省级I类", "2017-04-22", "2017-04-22"),
    ("17-01-09020369", "腹部急症及消化系统疾病超声诊断学习班", 3.0, "省级I类", "2017-07-21", "2017-07-23"),
    ("17-01-04050370", "肾上腺外科疾病的多学科联合诊治学习班", 3.0, "省级I类", "2017-06-23", "2017-06-25"),
    ("2017-II-0311", "超声科业务学习(全年)", 8.0, "II类", "2017-01-05", "2017-12-28"),
    ("2017-II-0562", "医院感染防控培训", 4.0, "II类", "2017-03-10", "2017-03-10"),
    ("2017-II-0788", "临床科研方法讲座", 3.5, "II类", "2017-09-15", "2017-09-16"),
    ("2016-II-0102", "超声科业务学习(全年)", 15.0, "II类", "2016-01-06", "2016-12-27"),
    ("16-01-09040211", "浅表器官超声诊断进展学习班", 5.0, "省级I类", "2016-05-12", "2016-05-14"),
    ("16-01-09020455", "介入超声技术学习班", 5.0, "省级I类", "2016-10-20", "2016-10-22"),
]:
    credits.append([wang[0], wang[1], no, pname, cr, kind, start, end, "学习班", "四川省医学会",
                    int(start[:4]), "临床医学/影像医学与核医学", ""])
for no, pname, cr, kind, start, end in [
    ("17-01-02010118", "心力衰竭规范化诊治学习班", 3.0, "省级I类", "2017-05-18", "2017-05-19"),
    ("2017-II-0415", "心电图判读讲座", 5.0, "II类", "2017-04-08", "2017-04-08"),
]:
    credits.append([chen[0], chen[1], no, pname, cr, kind, start, end, "学术会议", "成都市医学会",
                    2017, "临床医学/内科学", ""])
wb = Workbook()
ws = wb.active
ws.title = "学分登记"
ws.append(CREDIT_HEADER)
for r in credits:
    ws.append(r)
for row in ws.iter_rows(min_row=2, min_col=1, max_col=1):
    for cell in row:
        cell.number_format = "@"
wb.save("examples/credits.xlsx")
