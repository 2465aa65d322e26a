#!/usr/bin/env python3
"""Makes the font that meded compiles into its binary for credit certificates:
assets/fonts/NotoSansSC-GBK.ttf and its licence assets/fonts/OFL.txt.

Run from the repository root:

    python3 scripts/make-font.py

It installs nothing. It needs fontTools (`pip install fonttools`, or Debian's
`apt-get install python3-fonttools`) and Debian's fonts-noto-cjk
(`apt-get install fonts-noto-cjk`), whose NotoSansCJK-Regular.ttc is the
source. The output is committed; rerun only to change it.

What it does:

1. Picks the Simplified Chinese face of the collection (the face whose
   family name is "Noto Sans CJK SC"; index 2 in Debian's file today, but
   looked up by name so that a reordered collection cannot give us Japanese
   glyph shapes).
2. Keeps every character that Python's `gbk` codec decodes (about 21,800:
   GB2312 plus the GBK extensions, which is what names and project titles
   typed on Chinese Windows can contain), ASCII, the full-width forms, the
   punctuation certificates use and the Roman numerals. Characters of that
   set that Noto Sans CJK does not draw are listed at the end.
3. Drops what printpdf does not use for horizontal text without shaping:
   vertical metrics, OpenType layout tables and hinting.
4. Converts the cubic CFF outlines to quadratic TrueType outlines (fontTools'
   cu2qu, at most 1 unit of 1000 off the original curve: invisible).

Why TrueType, when printpdf 0.12.8 can subset CFF fonts (it does, through
allsorts, and embeds them as CIDFontType0C with a ToUnicode map)? Speed of
bulk rendering. For every PDF, printpdf looks up the advance width of each
embedded glyph by decoding its outline from the freshly made subset, and for
a CFF font azul-layout re-parses the whole CFF table for every single glyph;
allsorts also maps each glyph of a CID-keyed CFF to its CID by a linear scan
of the charset. With the TrueType outlines the same certificate renders in
about 15 % less CPU time, the per-PDF size is the same (about 200 bytes per
distinct character after compression) and the font file, though larger
(about 6.8 MB against 5 MB), compresses better in git (4.2 MB against 4.3
MB). `--outlines cff` keeps the CFF outlines, for comparison.
"""
import argparse
import os
import sys
import tempfile

try:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, TTFont, newTable
except ImportError:
    sys.exit("fontTools is missing: pip install fonttools (or apt-get install python3-fonttools)")

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
COPYRIGHT_FILE = "/usr/share/doc/fonts-noto-cjk/copyright"
FACE = "Noto Sans CJK SC"

# Punctuation and symbols a certificate or a name may hold beyond GBK's
# own full-width set (most are in GBK already; listing them costs nothing).
EXTRA = "“”‘’、,。:;()·—…《》【】〔〕・ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ\u3000"


def gbk_characters():
    """Every character that a two-byte GBK sequence decodes to."""
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                chars.update(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_characters():
    chars = gbk_characters()
    chars.update(chr(c) for c in range(0x20, 0x7F))  # ASCII
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    chars.update(EXTRA)
    return chars


def sc_face_index(path):
    collection = TTCollection(path, lazy=True)
    for i, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FACE:
            return i
    sys.exit(f"{path} has no face named {FACE!r}")


def cff_to_truetype(font, max_err=1.0):
    """fontTools' Snippets/otf2ttf.py, for a font already subset."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for glyph in glyf.glyphs.values():
        glyph.recalcBounds(glyf)  # subset.load_font does not recalculate them
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: nothing reads them
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    # maxp's point and contour maxima and head's bounding box are computed
    # when the font is written, only with this on.
    font.recalcBBoxes = True


def licence_text():
    """The SIL OFL 1.1 text exactly as Debian ships it with the source font,
    under the copyright notice of the font itself."""
    lines = open(COPYRIGHT_FILE, encoding="utf-8").read().splitlines()
    # The stanza that holds the text, not a Files: stanza that names it.
    start = next(
        i + 1 for i, line in enumerate(lines)
        if line == "License: SIL-1.1" and lines[i + 1].startswith(" ")
    )
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return (
        "Noto Sans CJK SC, subset to the GBK character set by meded's\n"
        "scripts/make-font.py (assets/fonts/NotoSansSC-GBK.ttf).\n\n"
        "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font\n"
        "Name 'Source'. Source is a trademark of Adobe in the United States\n"
        "and/or other countries.\n\n"
        "This Font Software is licensed under the SIL Open Font License,\n"
        "Version 1.1. This license is copied below, and is also available with\n"
        "a FAQ at: https://openfontlicense.org\n\n" + "\n".join(body).strip("\n") + "\n"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=SOURCE)
    ap.add_argument("--out-dir", default="assets/fonts")
    ap.add_argument("--outlines", choices=["truetype", "cff"], default="truetype")
    args = ap.parse_args()

    index = sc_face_index(args.source)
    chars = wanted_characters()
    source = TTFont(args.source, fontNumber=index, lazy=True)
    cmap = source.getBestCmap()
    missing = sorted(c for c in chars if ord(c) not in cmap)
    source.close()

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE", "GDEF", "GPOS", "GSUB", "DSIG"]
    options.hinting = False
    options.notdef_outline = True
    options.font_number = index
    font = subset.load_font(args.source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)

    if args.outlines == "truetype":
        cff_to_truetype(font)
        out = os.path.join(args.out_dir, "NotoSansSC-GBK.ttf")
    else:
        out = os.path.join(args.out_dir, "NotoSansSC-GBK.otf")
    os.makedirs(args.out_dir, exist_ok=True)
    # Written beside the target and renamed, so that a failed run leaves
    # the committed font as it was.
    fd, tmp = tempfile.mkstemp(dir=args.out_dir, suffix=".part")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    os.chmod(out, 0o644)
    with open(os.path.join(args.out_dir, "OFL.txt"), "w", encoding="utf-8") as f:
        f.write(licence_text())

    covered = len(chars) - len(missing)
    print(f"{out}: face {index} ({FACE}), {covered} characters, "
          f"{os.path.getsize(out):,} bytes")
    if missing:
        shown = " ".join(f"{c} U+{ord(c):04X}" for c in missing)
        print(f"not drawn by the source font ({len(missing)}): {shown}")


if __name__ == "__main__":
    main()
