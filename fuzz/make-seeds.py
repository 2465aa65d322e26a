#!/usr/bin/env python3
"""Writes extra XLS and ODS seeds for the fuzzers into fuzz/corpus/ (run by fuzz/seed.sh).

    pip install xlwt odfpy

The committed fixtures are tiny; these add what they lack: a workbook
stream long enough to live in the compound file's big sectors (over
4096 bytes), many shared strings (SST split over CONTINUE records),
dates, decimals, formulas and merged regions, and in ODS repeated rows
and columns.
"""
import datetime
import os
import sys

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

out = sys.argv[1] if len(sys.argv) > 1 else "corpus"
os.makedirs(f"{out}/xls", exist_ok=True)
os.makedirs(f"{out}/ods", exist_ok=True)

HEADER = ["*姓名", "*证件号码", "*学分类别", "*学分", "*授予日期", "备注"]


def big_xls(path, rows):
    book = xlwt.Workbook(encoding="utf-8")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet = book.add_sheet("学分")
    sheet.write_merge(0, 0, 0, 5, "继续医学教育学分导入")
    for c, h in enumerate(HEADER):
        sheet.write(1, c, h)
    for r in range(rows):
        sheet.write(r + 2, 0, f"学员{r:04d}")
        sheet.write(r + 2, 1, f"11010119900307{r:04d}")
        sheet.write(r + 2, 2, "Ⅰ类" if r % 2 else "Ⅱ类")
        sheet.write(r + 2, 3, 0.5 + r % 7)
        sheet.write(r + 2, 4, datetime.date(2024, 1 + r % 12, 1 + r % 28), date)
        sheet.write(r + 2, 5, xlwt.Formula(f"D{r + 3}*2"))
    second = book.add_sheet("说明")
    second.write(0, 0, "说明:带*为必填")
    second.write_merge(1, 4, 0, 1, "合并")
    book.save(path)


big_xls(f"{out}/xls/credits-small.xls", 5)
big_xls(f"{out}/xls/credits-big.xls", 300)


def ods(path, rows):
    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="学分")
    tr = TableRow()
    for h in HEADER:
        c = TableCell(valuetype="string")
        c.addElement(P(text=h))
        tr.addElement(c)
    sheet.addElement(tr)
    for r in range(rows):
        tr = TableRow(numberrowsrepeated=2 if r % 5 == 0 else 1)
        c = TableCell(valuetype="string", numbercolumnsrepeated=2)
        c.addElement(P(text=f"学员{r}"))
        tr.addElement(c)
        tr.addElement(TableCell(numbercolumnsrepeated=3))
        c = TableCell(valuetype="float", value=r)
        c.addElement(P(text=str(r)))
        tr.addElement(c)
        c = TableCell(valuetype="date", datevalue="2024-03-01")
        c.addElement(P(text="2024-03-01"))
        tr.addElement(c)
        sheet.addElement(tr)
    doc.spreadsheet.addElement(sheet)
    doc.save(path)


ods(f"{out}/ods/credits.ods", 20)
