#!/usr/bin/env python3
"""The reportlab script that benches/certificate.rs measures meded against.

What an office would write to print credit certificates with Python, kept
fast: reportlab's canvas (no layout engine), the font registered once and
embedded as a subset per document (as meded does), each certificate in the
layout meded prints -- the title, the introduction, per year a ruled table
with a shaded header whose project names wrap and a row of the year's sums,
the QR code, the closing block. The certificates are the benchmark's
synthetic ones, their texts given ready-made, one JSON object a line; the
QR payload is as long as meded's signed one. The QR code is made by
reportlab's own encoder, once per certificate, and drawn as one path. One
process, as such a script runs.

    python3 certificates.py CERTS.jsonl OUT_DIR FONT.ttf [--no-qr]

Needs reportlab (pip install reportlab).
"""

import json
import os
import sys

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "NotoSansSC"
W, H = A4
MARGIN_X = 20 * mm
TOP = 22 * mm
BOTTOM = 20 * mm
HEADERS = ["项目编号", "项目名称", "学分", "学分种类", "参加时间"]
WIDTHS = [82.0, 170.0, 28.0, 48.0, 153.9]
CELL = 9.5
LEADING = CELL * 1.4
PAD = 4.0


WIDTH = {}


def wrap(text, size, width):
    """Lines of `text` no wider than `width`, broken between any two
    characters (Chinese has no spaces to break at)."""
    lines, line, w = [], "", 0.0
    for ch in text:
        cw = WIDTH.get(ch)
        if cw is None:
            cw = WIDTH[ch] = pdfmetrics.stringWidth(ch, FONT, 1000)
        cw = cw * size / 1000
        if line and w + cw > width:
            lines.append(line)
            line, w = "", 0.0
        line += ch
        w += cw
    return lines + [line] if line or not lines else lines


def qr_path(c, payload, x, y, size):
    """The QR code of `payload`, its top left corner at (x, y)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    n = code.getModuleCount()
    m = size / (n + 8)
    p = c.beginPath()
    for r in range(n):
        for col in range(n):
            if code.isDark(r, col):
                p.rect(x + (col + 4) * m, y - (r + 5) * m, m, m)
    c.drawPath(p, stroke=0, fill=1)


class Page:
    def __init__(self, c):
        self.c = c
        self.y = H - TOP

    def need(self, h):
        if self.y - h < BOTTOM:
            self.c.showPage()
            self.y = H - TOP

    def row(self, cells, shade=False, span=False):
        c = self.c
        widths = [sum(WIDTHS)] if span else WIDTHS
        lines = [wrap(t, CELL, w - 2 * PAD) for t, w in zip(cells, widths)]
        h = max(len(l) for l in lines) * LEADING + 2 * PAD
        self.need(h)
        x = MARGIN_X
        if shade:
            c.setFillGray(0.92)
            c.rect(x, self.y - h, sum(WIDTHS), h, stroke=0, fill=1)
            c.setFillGray(0)
        c.setFont(FONT, CELL)
        for cell_lines, w in zip(lines, widths):
            ty = self.y - PAD - CELL * 0.88
            for line in cell_lines:
                c.drawString(x + PAD, ty, line)
                ty -= LEADING
            c.line(x, self.y, x, self.y - h)
            x += w
        c.line(x, self.y, x, self.y - h)
        c.line(MARGIN_X, self.y, x, self.y)
        c.line(MARGIN_X, self.y - h, x, self.y - h)
        self.y -= h


def certificate(cert, path, with_qr):
    c = canvas.Canvas(path, pagesize=A4, pageCompression=1)
    c.setTitle(cert["heading"])
    c.setLineWidth(0.6)
    page = Page(c)
    c.setFont(FONT, 20)
    c.drawCentredString(W / 2, page.y - 20, cert["heading"])
    page.y -= 40
    c.setFont(FONT, 11)
    for line in wrap(cert["intro"], 11, W - 2 * MARGIN_X):
        c.drawString(MARGIN_X, page.y - 11, line)
        page.y -= 11 * 1.75
    for year in cert["years"]:
        page.y -= 10
        page.row(HEADERS, shade=True)
        for r in year["rows"]:
            page.row(r)
        page.row([year["summary"]], span=True)
    closing = [cert["authority"], cert["issuer"], cert["date"], cert["code"]]
    page.need(40 + 90)
    page.y -= 40
    x = W / 2 + 10
    if with_qr:
        qr_path(c, cert["payload"], x - 100, page.y + 10, 90)
    c.setFont(FONT, 11)
    for line in closing:
        c.drawString(x, page.y - 11, line)
        page.y -= 11 * 1.75
    c.showPage()
    c.save()


def main():
    src, out_dir, font = sys.argv[1:4]
    with_qr = "--no-qr" not in sys.argv[4:]
    pdfmetrics.registerFont(TTFont(FONT, font))
    os.makedirs(out_dir, exist_ok=True)
    with open(src, encoding="utf-8") as f:
        for line in f:
            cert = json.loads(line)
            certificate(cert, os.path.join(out_dir, cert["file"]), with_qr)


if __name__ == "__main__":
    main()
