#!/usr/bin/env python3
"""Rebuilds assets/fonts/NotoSansSC-OneMap.otf, the CJK font bundled into OneMap.

Source: Debian package fonts-noto-cjk (1:20220127+repack1-1), file
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face 2 = "Noto Sans CJK SC" 2.004
(SIL Open Font License 1.1, see OFL.txt). Subset with fontTools' pyftsubset logic to:
  - ASCII and Latin-1, general punctuation, arrows, math operators, box drawing, geometric shapes;
  - CJK symbols and punctuation (U+3000-303F) and fullwidth forms (U+FF00-FFEF);
  - every character of GB2312 (7445 characters: the 6763 common hanzi and symbols);
  - every non-ASCII character in OneMap's sources and demo data (src/, data/), so any
    translation or demo name renders even outside GB2312.

Usage: apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
       pip install fonttools && python3 assets/fonts/make_subset.py x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""
import glob
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "NotoSansSC-OneMap.otf")
SC_FACE = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK


def wanted_codepoints():
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for lo, hi in [(0x2000, 0x206F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2500, 0x257F),
                   (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
        cps |= set(range(lo, hi + 1))
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                cps.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    files = glob.glob(os.path.join(ROOT, "src", "**", "*.rs"), recursive=True)
    files += glob.glob(os.path.join(ROOT, "data", "**", "*.geojson"), recursive=True)
    files += glob.glob(os.path.join(ROOT, "data", "**", "*.csv"), recursive=True)
    for f in files:
        with open(f, encoding="utf-8") as fh:
            cps |= {ord(c) for c in fh.read() if ord(c) > 0x7F}
    return cps


def main():
    src = sys.argv[1]
    font = TTCollection(src).fonts[SC_FACE]
    assert "SC" in font["name"].getDebugName(4), font["name"].getDebugName(4)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "vert", "palt", "halt"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    sub = subset.Subsetter(options)
    cmap = font.getBestCmap()
    sub.populate(unicodes=[cp for cp in wanted_codepoints() if cp in cmap])
    sub.subset(font)
    font.save(OUT)
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
