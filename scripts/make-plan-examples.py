#!/usr/bin/env python3
"""Writes the example files of the yearly rotation plan (排班) in examples/
(run from the repository root):

- plan-roster.xlsx: the residents of the example base 示例医院(排班), two
  cohorts — 24 recruited in 2024, in their second year, and 36 recruited
  in 2025, who start on 1 September 2025 — a third each in 内科, 外科, 全科;
- plan-training.xlsx: their training information (培训专业, dates);
- plan-rotations-2024.xlsx: the 2024 cohort's first year of rotations
  (September 2024 to August 2025), recorded already;
- rotation-programme.xlsx: the base's programme for the three
  specialties, 33 months each, with 顺序 where the programme orders rows;
- department-capacity.xlsx: each department's monthly capacity, about a
  quarter above what the programmes ask of it on average, with the months
  of 2026 when 重症医学科 is being refitted and takes fewer;
- plan-teachers.xlsx: the departments' teachers (师资信息), as many as
  their capacity needs at three residents each.

docs/rotation.md walks through the plan of 2025–2026 on them. Needs
openpyxl (pip install openpyxl). The output is committed; rerun only to
change it.
"""
import math
import random

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def id_number(area, birth, seq):
    first = f"{area}{birth}{seq:03d}"
    return first + C[sum(int(d) * w for d, w in zip(first, W)) % 11]


# (department, months, 顺序): the national programmes as the base adapts
# them, 33 months each. 内科's core departments come before 急诊科 and
# 重症医学科; 全科 ends with 社区实践 (community practice).
PROGRAMMES = {
    "内科": [
        ("心血管内科", 4, 1), ("呼吸内科", 4, 1), ("消化内科", 4, 1),
        ("肾内科", 3, None), ("内分泌科", 3, None), ("血液内科", 3, None),
        ("感染科", 2, None), ("神经内科", 2, None), ("风湿免疫科", 2, None),
        ("急诊科", 3, 2), ("重症医学科", 3, 2),
    ],
    "外科": [
        ("普通外科", 8, None), ("骨科", 4, None), ("泌尿外科", 4, None),
        ("胸外科", 3, None), ("神经外科", 3, None), ("麻醉科", 3, None),
        ("心血管内科", 2, None), ("急诊科", 3, None), ("重症医学科", 3, None),
    ],
    "全科": [
        ("心血管内科", 3, None), ("呼吸内科", 3, None), ("消化内科", 2, None),
        ("内分泌科", 2, None), ("神经内科", 2, None), ("儿科", 3, None),
        ("妇产科", 3, None), ("急诊科", 3, None), ("普通外科", 2, None),
        ("皮肤科", 1, None), ("眼科", 1, None), ("耳鼻咽喉科", 1, None),
        ("精神科", 1, None), ("社区实践", 6, 2),
    ],
}
SPECIALTIES = list(PROGRAMMES)

rng = random.Random(2025)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞晨雪佳怡浩然宇欣"
AREAS = ["510104", "510107", "510602", "511702", "500103", "530102", "110105", "360102"]

people = []
used = set()
for cohort, count in ((2024, 24), (2025, 36)):
    for i in range(count):
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if name not in used:
                used.add(name)
                break
        birth = f"{rng.randint(1994, 2001)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        idn = id_number(rng.choice(AREAS), birth, rng.randint(1, 999))
        phone = "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
        people.append({
            "year": cohort, "name": name, "id": idn, "phone": phone,
            "specialty": SPECIALTIES[i % 3],
        })


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
        ws.column_dimensions[chr(ord("A") + i)].width = max(10, len(h) * 2 + 6)
    return ws


wb = Workbook()
sheet(
    wb, "账号模板", "示例医院(排班)住院医师账号",
    "说明:带*为必填项;证件号码列请设为文本格式。",
    ["*招收年份", "*姓名", "*证件类型", "*证件号码", "*手机号码"],
    [[p["year"], p["name"], "居民身份证", p["id"], p["phone"]] for p in people],
    {"证件号码", "手机号码"}, first=True,
)
wb.save("examples/plan-roster.xlsx")

wb = Workbook()
sheet(
    wb, "培训信息", "示例医院(排班)培训信息",
    "说明:三年制住院医师,9 月 1 日入培。",
    ["*证件号码", "*姓名", "*招收年份", "*人员类型", "*培训专业", "*核定培训年限",
     "*培训开始时间", "*培训结束时间", "*培训状态"],
    [[p["id"], p["name"], p["year"], "单位人", p["specialty"], 3, f"{p['year']}-09-01",
      f"{p['year'] + 3}-08-31", "在培"] for p in people],
    {"证件号码"}, first=True,
)
wb.save("examples/plan-training.xlsx")

# The 2024 cohort's first year: twelve months of rows that no 顺序 holds
# back, each resident starting at another row so that the departments
# share them.
MONTHS = [(2024 + (8 + k) // 12, (8 + k) % 12 + 1) for k in range(12)]


def last_day(y, m):
    nxt = (y + m // 12, m % 12 + 1)
    import datetime
    return (datetime.date(nxt[0], nxt[1], 1) - datetime.timedelta(days=1)).isoformat()


rotations = []
for k, p in enumerate(x for x in people if x["year"] == 2024):
    rows = [r for r in PROGRAMMES[p["specialty"]] if r[2] in (None, 1)]
    shift = (k // 3) % len(rows)
    rows = rows[shift:] + rows[:shift]
    t = 0
    for dept, months, _ in rows:
        if t + months > 12:
            continue
        (y1, m1), (y2, m2) = MONTHS[t], MONTHS[t + months - 1]
        rotations.append([p["id"], p["name"], dept, f"{y1}-{m1:02d}-01", last_day(y2, m2)])
        t += months
wb = Workbook()
sheet(
    wb, "轮转计划", "示例医院(排班)2024 级第一年轮转",
    "说明:2024 年 9 月至 2025 年 8 月已完成的轮转。",
    ["*证件号码", "*姓名", "*科室", "*开始日期", "*结束日期"], rotations, {"证件号码"},
    first=True,
)
wb.save("examples/plan-rotations-2024.xlsx")

wb = Workbook()
sheet(
    wb, "轮转方案", "示例医院(排班)轮转方案",
    "说明:每段轮转一行,各专业合计 33 个月;顺序小的先轮转,空着的不限先后。",
    ["*培训专业", "*轮转科室", "*轮转月数", "顺序"],
    [[s, d, m, q] for s, rows in PROGRAMMES.items() for d, m, q in rows],
    set(), first=True,
)
wb.save("examples/rotation-programme.xlsx")

# Capacity: a quarter above the average monthly demand of the 60
# residents, rounded up; 重症医学科 takes two fewer while it is refitted in
# March and April 2026.
demand = {}
for p in people:
    for d, m, _ in PROGRAMMES[p["specialty"]]:
        demand[d] = demand.get(d, 0) + m
capacity = [[d, math.ceil(n / 36 * 1.25), None] for d, n in sorted(demand.items())]
icu = next(c for c in capacity if c[0] == "重症医学科")[1]
capacity += [["重症医学科", icu - 2, "2026-03"], ["重症医学科", icu - 2, "2026-04"]]
wb = Workbook()
sheet(
    wb, "科室容量", "示例医院(排班)科室容量",
    "说明:每月最多可接收的住院医师人数;填了月份的行只适用于该月。",
    ["*科室", "*每月容量", "月份"], capacity, {"月份"}, first=True,
)
wb.save("examples/department-capacity.xlsx")
# Teachers: ⌈capacity / 3⌉ per department, each a 主治医师 since 2015.
teachers = []
for d, cap, month in capacity:
    if month is not None:
        continue
    for _ in range(math.ceil(cap / 3)):
        k = len(teachers) + 1
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            if name not in used:
                used.add(name)
                break
        birth = f"{rng.randint(1970, 1985)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        idn = id_number(rng.choice(AREAS), birth, rng.randint(1, 999))
        phone = "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
        sex = "男" if int(idn[16]) % 2 else "女"
        born = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
        # The scans and photo a teacher applies with (报名): the example
        # images, named relative to the workbook.
        teachers.append([name, idn, sex, born, "photos/id-front.jpg", "photos/portrait.jpg",
                         phone, d, "主治医师", "2015-07-01", "是", "2005-12", "执业医师",
                         "临床", f"200551110{idn}", "photos/licence.jpg",
                         f"{110510000000000 + k}", "2016-09", "本科"])
wb = Workbook()
sheet(
    wb, "师资信息", "示例医院(排班)师资信息",
    "说明:各科室带教老师,每人同时最多带教 3 名住院医师。",
    ["*姓名", "*证件号码", "*性别", "*出生日期", "*证件扫描件", "*头像照片", "*手机号",
     "*科室", "*技术职称", "#取得中级职称时间", "*是否获得医师资格证书", "#取得证书时间",
     "#执业资格级别", "#执业资格类别", "#医师资格证书编码", "#医师资格证书扫描件",
     "执业医师证号", "带教任职时间", "最高学历"],
    teachers, {"证件号码", "手机号", "医师资格证书编码", "执业医师证号"}, first=True,
)
wb.save("examples/plan-teachers.xlsx")
print(f"{len(teachers)} teachers")
print(f"{len(people)} residents, {len(rotations)} rotations recorded, {len(capacity)} capacity rows")
