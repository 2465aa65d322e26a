#!/usr/bin/env python3
"""Writes the example technical-archive workbooks in examples/ (run from the
repository root).

    pip install openpyxl
    python3 scripts/make-archive.py

examples/archive.xlsx is what a CME office collects from its members for
the archive (技术档案): the sheet 个人基本信息 and the five list sheets, keyed
by 证件号码, for two members of examples/members.xlsx — 王雪梅 with every
section filled and her photo (examples/photos/portrait.jpg), 陈建国 with a
few. examples/archive-update.xlsx is a later change of 王雪梅's: a new
行政职务 and an award, to show 变更详情. Both keep the template's title and
note rows above the header, as `meded template archive` writes them. The
output is committed; rerun only to change it.
"""
from openpyxl import Workbook
from openpyxl.styles import Font

WANG = "510104197503120446"
CHEN = "510107198005210135"

NOTE = "说明:带 * 的列为必填;带 # 的列为条件必填;其余为选填。"

BASIC = ["*证件号码", "*姓名", "*性别", "*出生日期", "出生地", "*民族", "籍贯", "*政治面貌",
         "婚姻状况", "证件类型", "*通讯地址", "邮政编码", "*联系电话", "电子邮箱", "家庭住址",
         "*毕业学校", "毕业时间", "*所学专业", "*最高学历", "*最高学位", "外语语种", "外语等级",
         "工作单位", "工作性质", "参加工作时间", "所属市州", "*行政职务", "执业科目",
         "是否执业医师", "#执业医师证号", "*是否参加继续教育", "照片"]


def wang(duty="超声医学科副主任"):
    return [WANG, "王雪梅", "女", "1975-03-12", "四川省成都市", "汉族", "四川成都", "中共党员",
            "已婚", "居民身份证", "成都市青羊区青龙街82号", "610031", "028-61318114",
            "wangxm@cd3h.example.cn", "成都市青羊区西御街18号", "四川大学华西医学中心", "1998-07",
            "医学影像学", "硕士研究生", "硕士", "英语", "六级", "成都市第三人民医院", "在编",
            "1998-08-01", "成都市", duty, "医学影像和放射治疗专业", "否", "", "是",
            "photos/portrait.jpg"]


CHEN_BASIC = [CHEN, "陈建国", "男", "1980-05-21", "四川省绵阳市", "汉族", "四川绵阳", "群众",
              "已婚", "居民身份证", "成都市武侯区科华北路66号", "610041", "13900000001",
              "chenjg@cd3h.example.cn", "", "川北医学院", "2004-07", "临床医学", "大学本科",
              "学士", "英语", "四级", "成都市第三人民医院", "在编", "2004-08-01", "成都市", "无",
              "内科专业", "是", "110510000098765", "是", ""]

SHEETS = {
    "教育经历": ["*证件号码", "姓名", "*开始时间", "结束时间", "*学校", "专业", "学历", "学位"],
    "培训经历": ["*证件号码", "姓名", "*开始时间", "结束时间", "*培训机构", "*培训内容", "所获证书"],
    "论文论著": ["*证件号码", "姓名", "*发表时间", "*题目", "*刊物或出版社", "类别", "本人排名"],
    "工作经历": ["*证件号码", "姓名", "*开始时间", "结束时间", "*工作单位", "科室", "职务"],
    "获奖情况": ["*证件号码", "姓名", "*获奖时间", "*奖项名称", "授奖单位", "获奖等级", "本人排名"],
}

ROWS = {
    "教育经历": [
        [WANG, "王雪梅", "1993-09", "1998-07", "华西医科大学", "医学影像学", "大学本科", "学士"],
        [WANG, "王雪梅", "2003-09", "2006-07", "四川大学华西医学中心", "影像医学与核医学",
         "硕士研究生", "硕士"],
        [CHEN, "陈建国", "1999-09", "2004-07", "川北医学院", "临床医学", "大学本科", "学士"],
    ],
    "培训经历": [
        [WANG, "王雪梅", "2009-03-02", "2009-08-28", "四川大学华西医院超声医学科", "进修:腹部及浅表器官超声诊断",
         "进修结业证书"],
        [WANG, "王雪梅", "2017-04-22", "2017-04-22", "四川省医学会", "肝脏超声造影专题学习班", "学分证书"],
    ],
    "论文论著": [
        [WANG, "王雪梅", "2012-06", "超声造影在肝脏局灶性病变鉴别诊断中的应用", "中国超声医学杂志", "论文", "第一作者"],
        [WANG, "王雪梅", "2016-03", "甲状腺结节超声弹性成像的临床价值", "四川医学", "论文", "第一作者"],
        [WANG, "王雪梅", "2019-10", "腹部急症超声诊断图谱", "四川科学技术出版社", "论著", "副主编"],
    ],
    "工作经历": [
        [WANG, "王雪梅", "1998-08", "2003-08", "成都市第三人民医院", "超声医学科", "住院医师"],
        [WANG, "王雪梅", "2006-08", "", "成都市第三人民医院", "超声医学科", "副主任技师"],
        [CHEN, "陈建国", "2004-08", "", "成都市第三人民医院", "心血管内科", "主治医师"],
    ],
    "获奖情况": [
        [WANG, "王雪梅", "2018-12", "成都市医学科技奖", "成都市医学会", "三等奖", "第一"],
    ],
}


def sheet(wb, name, header, rows, title):
    ws = wb.create_sheet(name)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([NOTE])
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = "@"
    for i in range(len(header)):
        ws.column_dimensions[chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)].width = 16


TITLE = "继续医学教育技术档案导入模板"

wb = Workbook()
wb.remove(wb.active)
sheet(wb, "个人基本信息", BASIC, [wang(), CHEN_BASIC], TITLE)
for name, header in SHEETS.items():
    sheet(wb, name, header, ROWS[name], TITLE)
wb.save("examples/archive.xlsx")

# A later change of 王雪梅's: promoted, and one more award. The sheets the
# change does not touch are left out: those sections stay as they are.
wb = Workbook()
wb.remove(wb.active)
sheet(wb, "个人基本信息", BASIC, [wang("超声医学科主任")], TITLE)
sheet(wb, "获奖情况", SHEETS["获奖情况"], ROWS["获奖情况"] + [
    [WANG, "王雪梅", "2021-12", "四川省医学科技奖", "四川省医学会", "二等奖", "第二"],
], TITLE)
wb.save("examples/archive-update.xlsx")
