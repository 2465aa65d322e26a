#!/usr/bin/env python3
"""Writes the recruitment (招录) example files (run from the repository root).

examples/recruit-plan.csv         two bases' plans (招录计划) for 2025 第一批
examples/applicants.csv           the applicants' accounts (account import --role applicant)
examples/applicant-profiles.xlsx  their profiles (profile import, without --org)
examples/applications.xlsx        the recruitment platform's export of applications (志愿)

The applicants are people of Fujian born 1998-2000. One has only a study still
under way (no completed education), so `recruit apply` refuses them, naming
what is missing; the applications file also holds a specialty the base has no
places for, a base that does not exist, and a time after the window closed.
The profiles name the images of examples/photos (made by make-profiles.py).
Needs openpyxl (pip install openpyxl). The output is committed; rerun only to
change it.
"""
import csv

from openpyxl import Workbook
from openpyxl.styles import Font

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(area, birth, seq):
    first = f"{area}{birth}{seq:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first, W)) % 11]
    return first + check


PEOPLE = [
    # name, area, birth, sequence (odd: 男, even: 女)
    ("林晓东", "350102", "19980315", 11),
    ("陈雅婷", "350102", "19980622", 24),
    ("黄志强", "350203", "19990108", 31),
    ("郑丽娟", "350203", "19990417", 42),
    ("吴俊杰", "350581", "19981203", 53),
    ("张思琪", "350581", "20000229", 64),
    ("王浩然", "350102", "19991111", 75),
    ("李嘉欣", "350203", "20000705", 86),
]
people = [(name, id_number(area, birth, seq), f"1385910{i:04d}")
          for i, (name, area, birth, seq) in enumerate(PEOPLE)]
IDS = [p[1] for p in people]


def write_csv(path, rows):
    # UTF-8 with a byte-order mark: Excel on Chinese Windows reads it right.
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)


write_csv("examples/recruit-plan.csv", [
    ["培训基地代码", "培训专业", "计划人数", "批次"],
    ["H001", "内科", "2", "第一批"],
    ["H001", "外科", "1", "第一批"],
    ["H001", "全科", "2", "第一批"],
    ["H002", "儿科", "2", "第一批"],
    ["H002", "神经外科", "1", "第一批"],  # read as 外科（神经外科方向）
])

write_csv("examples/applicants.csv",
          [["姓名", "证件类型", "证件号码", "手机号码"]]
          + [[name, "居民身份证", idn, phone] for name, idn, phone in people])

BASIC = ["*证件号码", "*姓名", "*性别", "*民族", "*出生日期", "*婚姻状况", "*国籍及地区", "*证件类型",
         "*户口所在地省行政区划", "*手机", "*电子邮箱", "qq", "*个人照片", "*身份证正面照", "*身份证反面照"]
EDU = ["*证件号码", "*学历层次", "姓名", "是否全日制", "*是否在读", "*毕业院校", "其他毕业院校", "*毕业专业",
       "其他毕业专业", "*毕业时间", "*学历", "*取得学历时间", "*是否获得毕业证书", "#学历证书编码", "#学历证书原件",
       "*是否获得学位证书", "#学位类型", "#学位", "#取得学位时间", "#学位证书编号", "#学位证书原件"]
WORK = ["*证件号码", "姓名", "*工作单位", "科室", "职务", "*开始时间", "结束时间"]
CERT = ["*证件号码", "姓名", "*是否通过医师资格考试", "#通过资格考试时间", "*是否获得医师资格证书", "#医师资格类别",
        "#医师资格级别", "#医师资格证书编码", "#取得医师资格证书时间", "#医师资格证书原件", "外语等级考试类型",
        "外语能力", "英语能力", "外语等级考试证书编码"]

basic, edu, work, cert = [], [], [], []
for i, (name, idn, phone) in enumerate(people):
    by = int(idn[6:10])
    birth = f"{by}-{idn[10:12]}-{idn[12:14]}"
    sex = "男" if int(idn[16]) % 2 else "女"
    basic.append([idn, name, sex, "汉族", birth, "未婚", "中国大陆", "居民身份证", "福建", phone,
                  f"{phone}@139.com", "", "photos/portrait.jpg", "photos/id-front.jpg",
                  "photos/id-back.jpg"])
    grad = min(by + 23, 2024)
    seq = 2000 + i
    if i == 7:
        # 李嘉欣 is still studying: no completed education yet.
        edu.append([idn, "本科", name, "是", "是", "福建中医药大学", "", "中医学", "", f"{grad + 1}-07",
                    "大学本科教育", "", "否", "", "", "否", "", "", "", "", ""])
    else:
        edu.append([idn, "本科", name, "是", "否", "福建医科大学", "", "临床医学", "", f"{grad}-07",
                    "大学本科教育", f"{grad}-07", "是", f"103921{grad}05{seq:06d}",
                    "photos/diploma.jpg", "是", "专业型", "学士", f"{grad}-07",
                    f"103924{grad}0{seq:05d}", "photos/degree.jpg"])
    cert.append([idn, name, "否", "", "否", "", "", "", "", "", "大学英语四六级考试", "", "良好", ""])
    if i in (0, 2):
        # Two have worked since graduating (工作信息; no 结束时间: held still).
        work.append([idn, name, "福州市第一医院", "内科", "医师", f"{grad}-08", ""])


def sheet(wb, title, header, rows, first):
    ws = wb.active if first else wb.create_sheet(title)
    ws.title = title
    ws.append([f"招录报名人员个人信息({title})"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["说明:带*为必填,带#为条件必填;照片列为相对于本文件所在文件夹的路径"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = "@"
    ws.column_dimensions["A"].width = 22


wb = Workbook()
sheet(wb, "基本信息", BASIC, basic, True)
sheet(wb, "学习经历", EDU, edu, False)
sheet(wb, "工作信息", WORK, work, False)
sheet(wb, "证书信息", CERT, cert, False)
wb.save("examples/applicant-profiles.xlsx")

# The platform's export: one application per row, with its 提交时间 inside
# the window of 2025 第一批 (2025-03-01 08:00 to 2025-03-15 17:00) unless noted.
APPLICATIONS = [
    (0, "H001", "内科", "2025-03-02 09:15"),
    (1, "H001", "内科", "2025-03-02 10:40"),
    (2, "H001", "内科", "2025-03-03 08:05"),  # a third for two places
    (3, "H001", "全科", "2025-03-04 14:20"),
    (4, "H002", "神经外科", "2025-03-05 16:00"),
    (5, "H002", "眼科", "2025-03-06 11:30"),  # H002 has no places for 眼科
    (6, "H009", "内科", "2025-03-07 09:00"),  # no such base
    (7, "H001", "全科", "2025-03-08 10:10"),  # no completed education
]
wb = Workbook()
ws = wb.active
ws.title = "志愿"
ws.append(["2025年住院医师规范化培训招录 志愿信息(报名平台导出)"])
ws["A1"].font = Font(bold=True, size=13)
ws.append(["*证件号码", "姓名", "*培训基地代码", "*培训专业", "批次", "提交时间"])
for i, org, specialty, at in APPLICATIONS:
    name, idn, _ = people[i]
    ws.append([idn, name, org, specialty, "第一批", at])
for row in ws.iter_rows(min_row=3):
    row[0].number_format = "@"
ws.column_dimensions["A"].width = 22
ws.column_dimensions["F"].width = 18
wb.save("examples/applications.xlsx")

for name, idn, _ in people:
    print(idn, name)
