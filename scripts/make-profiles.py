#!/usr/bin/env python3
"""Writes the example profile workbooks and photos (run from the repository root).

examples/profiles.xlsx        the profiles of the 25 residents of examples/roster.xlsx,
                              as a base receives them the first time: a realistic
                              handful of problems that `meded profile validate` finds
                              (a few residents have worked before: 工作信息)
examples/profiles-fixed.xlsx  the same after the base has fixed them
examples/photos/*.jpg         the images the workbooks name, at the platform's sizes

The residents share a few image files so that the repository stays small
(a real base has one set per person); each file has the pixel and byte size
the platform requires, or is wrong on purpose (portrait-small.jpg,
portrait.png, broken.jpg). Needs openpyxl and Pillow
(pip install openpyxl pillow). The output is committed; rerun only to change it.
"""
import copy
import io
import os
import random

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from PIL import Image

random.seed(2019)
os.makedirs("examples/photos", exist_ok=True)


def jpeg(path, size, lo_kb, hi_kb, detail=1.0):
    """A JPEG of `size` whose file is between lo_kb and hi_kb (noise over a
    gradient, at the quality that lands in the range)."""
    w, h = size
    base = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.effect_noise((w, h), 60 * detail).convert("RGB")
    img = Image.blend(base, noise, 0.5 if detail else 0.0)
    lo, hi = 5, 95
    best = None
    while lo <= hi:
        q = (lo + hi) // 2
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q)
        kb = len(buf.getvalue()) / 1024
        if kb < lo_kb:
            lo = q + 1
        elif kb > hi_kb:
            hi = q - 1
        else:
            best = buf.getvalue()
            break
    assert best, f"no quality gives {lo_kb}-{hi_kb} KB for {path}"
    with open(path, "wb") as f:
        f.write(best)


jpeg("examples/photos/portrait.jpg", (413, 626), 180, 240)
jpeg("examples/photos/id-front.jpg", (640, 480), 170, 230)
jpeg("examples/photos/id-back.jpg", (640, 480), 170, 230)
jpeg("examples/photos/diploma.jpg", (1280, 900), 40, 120, detail=0.2)
jpeg("examples/photos/degree.jpg", (1280, 900), 40, 120, detail=0.2)
jpeg("examples/photos/licence.jpg", (1280, 900), 40, 120, detail=0.2)
# Wrong on purpose: too small; a PNG; cut short after its header.
jpeg("examples/photos/portrait-small.jpg", (300, 420), 5, 60, detail=0.3)
if not os.path.exists("examples/photos/portrait.png"):
    Image.new("RGB", (413, 626), "white").save("examples/photos/portrait.png", "PNG")
with open("examples/photos/portrait.jpg", "rb") as f:
    with open("examples/photos/broken.jpg", "wb") as g:
        g.write(f.read()[:20])

roster = load_workbook("examples/roster.xlsx").active
people = [r for r in roster.iter_rows(min_row=4, values_only=True) if r[3]]

BASIC = ["*证件号码", "*姓名", "*性别", "*民族", "*出生日期", "*婚姻状况", "*国籍及地区", "*证件类型",
         "*户口所在地省行政区划", "*手机", "*电子邮箱", "qq", "*个人照片", "*身份证正面照", "*身份证反面照"]
EDU = ["*证件号码", "*学历层次", "姓名", "是否全日制", "*是否在读", "*毕业院校", "其他毕业院校", "*毕业专业",
       "其他毕业专业", "*毕业时间", "*学历", "*取得学历时间", "*是否获得毕业证书", "#学历证书编码", "#学历证书原件",
       "*是否获得学位证书", "#学位类型", "#学位", "#取得学位时间", "#学位证书编号", "#学位证书原件"]
WORK = ["*证件号码", "姓名", "*工作单位", "科室", "职务", "*开始时间", "结束时间"]
CERT = ["*证件号码", "姓名", "*是否通过医师资格考试", "#通过资格考试时间", "*是否获得医师资格证书", "#医师资格类别",
        "#医师资格级别", "#医师资格证书编码", "#取得医师资格证书时间", "#医师资格证书原件", "外语等级考试类型",
        "外语能力", "英语能力", "外语等级考试证书编码"]
SCHOOLS = [("四川大学", "10610"), ("重庆医科大学", "10631"), ("川北医学院", "10634"), ("西南医科大学", "10632"),
           ("成都中医药大学", "10633"), ("昆明医科大学", "10678")]
PROVINCES = {"51": "四川", "50": "重庆", "53": "云南", "11": "北京", "36": "江西"}
ETHNIC = ["汉族"] * 8 + ["汉", "彝族", "藏族", "回族", "羌"]

basic, edu, cert = [], [], []
for i, (year, name, id_type, idn, phone) in enumerate(people):
    birth = f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}"
    sex = "男" if int(idn[16]) % 2 else "女"
    by = int(idn[6:10])
    ethnic = "维吾尔族" if name.startswith("买买提") else random.choice(ETHNIC)
    basic.append([idn, name, random.choice([sex, sex + "性"]), ethnic,
                  random.choice([birth, birth.replace("-", "/"), f"{by}年{int(idn[10:12])}月{int(idn[12:14])}日"]),
                  random.choice(["未婚", "未婚", "已婚"]), "中国大陆", "居民身份证",
                  PROVINCES.get(idn[:2], "四川") + random.choice(["", "省"]) if idn[:2] not in ("50", "11") else PROVINCES[idn[:2]],
                  phone, f"{phone}@139.com", str(random.randint(10000000, 999999999)),
                  "photos/portrait.jpg", "photos/id-front.jpg", "photos/id-back.jpg"])
    school, code = random.choice(SCHOOLS)
    grad = by + 23 if by + 23 <= 2019 else 2019
    seq = 1000 + i
    edu.append([idn, "本科", name, "是", "否", school, "", "临床医学", "", f"{grad}-07", "大学本科教育", f"{grad}-07",
                "是", f"{code}1{grad}05{seq:06d}", "photos/diploma.jpg", "是", "专业型", "学士", f"{grad}-07",
                f"{code}4{grad}0{seq:05d}", "photos/degree.jpg"])
    passed = grad <= 2017
    cert.append([idn, name, "是" if passed else "否", f"{grad + 1}-08-23" if passed else "",
                 "是" if passed else "否", "临床" if passed else "", "执业医师" if passed else "",
                 f"{grad + 1}{idn[:2]}110{idn}" if passed else "", f"{grad + 1}-12" if passed else "",
                 "photos/licence.jpg" if passed else "", "大学英语四六级考试", "", "良好", ""])
    if i % 5 == 2 and grad <= 2016:
        # Some went on to a master's degree.
        g2 = grad + 3
        edu.append([idn, "硕士", name, "是", "否", school, "", "内科学", "", f"{g2}-06", "研究生教育", f"{g2}-06",
                    "是", f"{code}1{g2}02{seq:06d}", "photos/diploma.jpg", "是", "专业型", "硕士", f"{g2}-06",
                    f"{code}3{g2}0{seq:05d}", "photos/degree.jpg"])

# A few worked before their training (单位人 still hold their post: no
# 结束时间). Deterministic, so that the rows above stay as they were.
work = []
for i in (1, 3, 18, 20, 22, 24):
    _, name, _, idn, _ = people[i]
    grad = int([r for r in edu if r[0] == idn][0][EDU.index("*毕业时间")][:4])
    if grad <= 2016:
        work.append([idn, name, "成都市第二人民医院", "内科", "住院医师", f"{grad}-08", f"{grad + 2}-06"])
        work.append([idn, name, "四川省人民医院", "急诊科", "住院医师", f"{grad + 2}-07", ""])
    else:
        work.append([idn, name, "双流区第一人民医院", "全科", "医师", f"{grad}-08", ""])

fixed = copy.deepcopy((basic, edu, cert, work))
B = {h.lstrip("*#"): n for n, h in enumerate(BASIC)}
E = {h.lstrip("*#"): n for n, h in enumerate(EDU)}
C = {h.lstrip("*#"): n for n, h in enumerate(CERT)}
W = {h.lstrip("*#"): n for n, h in enumerate(WORK)}


def person(rows, n):
    return rows[n]


def edu_of(idn):
    return [r for r in edu if r[0] == idn]


def cert_of(idn):
    return next(r for r in cert if r[0] == idn)


ids = [p[3] for p in people]
# The problems a base really meets:
basic[1][B["性别"]] = "男"                                   # 李娜: sex against the ID number
basic[2][B["出生日期"]] = basic[2][B["出生日期"]][:-1] + "9"  # 张伟: birth date typo
basic[3][B["手机"]] = "1380013800"                           # 刘洋: a digit short
edu_of(ids[4])[0][E["学历证书编码"]] = ""                      # 陈静: diploma number left out
cert_of(ids[5])[C["是否通过医师资格考试"]] = "是"                 # 杨帆: copied a colleague's licence
cert_of(ids[5])[C["通过资格考试时间"]] = "2017-08-23"
cert_of(ids[5])[C["是否获得医师资格证书"]] = "是"
cert_of(ids[5])[C["医师资格类别"]] = "临床"
cert_of(ids[5])[C["医师资格级别"]] = "执业医师"
cert_of(ids[5])[C["医师资格证书编码"]] = f"2017511{'10'}{ids[6]}"
cert_of(ids[5])[C["取得医师资格证书时间"]] = "2017-12"
cert_of(ids[5])[C["医师资格证书原件"]] = "photos/licence.jpg"
d = edu_of(ids[6])[0]
d[E["学位证书编号"]] = d[E["学位证书编号"]][:6] + str(int(d[E["学位证书编号"]][6:10]) - 1) + d[E["学位证书编号"]][10:]  # 赵磊: degree year
basic[7][B["个人照片"]] = "photos/portrait-small.jpg"         # 黄婷: photo too small
edu_of(ids[8])[0][E["是否在读"]] = "是"                        # 周杰: no completed education
edu_of(ids[8])[0][E["是否获得毕业证书"]] = "否"
edu_of(ids[8])[0][E["学历证书编码"]] = ""
edu_of(ids[8])[0][E["学历证书原件"]] = ""
basic[9][B["户口所在地省行政区划"]] = "火星"                     # 吴敏: not a province
cert = [r for r in cert if r[0] != ids[10]]                  # 徐静怡: 证书信息 not filled in
basic[11][B["个人照片"]] = "photos/portrait.png"              # 孙浩然: a PNG
edu_of(ids[12])[0][E["取得学历时间"]] = "2014-07"               # 胡雪: diploma before graduation
basic[13][B["民族"]] = "穿青人"                                # 朱晨: not in GB 3304
basic[14][B["身份证反面照"]] = "photos/broken.jpg"             # 高远: a file cut short
edu_of(ids[15])[0][E["学历"]] = "研究生教育"                    # 林晓燕: a warning only
two_jobs = [r for r in work if sum(1 for x in work if x[0] == r[0]) == 2]
two_jobs[0][W["结束时间"]] = ""                                 # 马丽: a post left, no 结束时间
two_jobs[3][W["开始时间"]] = two_jobs[2][W["开始时间"]][:4] + "-12"  # 郑一鸣: a start mistyped, overlaps (a warning)

# And how the base fixed them (the people were asked, the files replaced).
fb, fe, fc, fw = fixed
fb[1][B["性别"]] = "女"
fb[3][B["手机"]] = people[3][4]
fb[7][B["个人照片"]] = "photos/portrait.jpg"
fb[9][B["户口所在地省行政区划"]] = "四川"
fb[11][B["个人照片"]] = "photos/portrait.jpg"
fb[13][B["民族"]] = "汉族"
fb[14][B["身份证反面照"]] = "photos/id-back.jpg"
[r for r in fe if r[0] == ids[15]][0][E["学历"]] = "大学本科教育"


def save(path, b, e, c, w):
    wb = Workbook()
    for sheet, header, rows, note in [
        ("基本信息", BASIC, b, "每人一行;照片列为相对于本文件所在文件夹的路径"),
        ("学习经历", EDU, e, "每人每个学历层次一行"),
        ("工作信息", WORK, w, "每份工作一行;结束时间留空表示目前仍在该单位工作"),
        ("证书信息", CERT, c, "每人一行"),
    ]:
        ws = wb.active if sheet == "基本信息" else wb.create_sheet(sheet)
        ws.title = sheet
        ws.append([f"2019年住院医师个人信息({sheet})"])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([f"说明:带*为必填,带#为条件必填;{note}"])
        ws.append(header)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                cell.number_format = "@"
        for col in ws.columns:
            ws.column_dimensions[col[2].column_letter].width = 14
        ws.column_dimensions["A"].width = 22
    wb.save(path)


save("examples/profiles.xlsx", basic, edu, cert, work)
save("examples/profiles-fixed.xlsx", fb, fe, fc, fw)
