#!/usr/bin/python3
"""Make the CJK fonts shipped in pdf-templates/fonts/ for the printed documents (SPEC §5).

Takes the Simplified Chinese faces out of Debian's fonts-noto-cjk collections and keeps only the
characters an official document of the platform needs, so the files stay small enough to commit:

  - Noto Serif CJK SC Regular  -> NotoSerifSC-Regular-Subset.otf  (body, in place of 宋体/仿宋)
  - Noto Sans CJK SC Bold      -> NotoSansSC-Bold-Subset.otf      (headings, in place of 黑体)

The character set (see pdf-templates/fonts/README.md):
  - printable ASCII, Latin-1 punctuation and signs, general punctuation, letterlike symbols, number forms,
    circled numbers, arrows, maths operators used in text, CJK symbols and punctuation, full-width forms;
  - the 8,105 characters of 通用规范汉字表 (2013), read from the Unihan database's kTGH field
    (Debian's unicode-data package: /usr/share/unicode/Unihan_OtherMappings.txt.bz2);
  - the 6,763 hanzi of GB 2312 (from Python's gb2312 codec), nearly all of which are in the above;
  - every character of the app's own text (app/, db/seed/, emails/, pdf-templates/*.ts), so a label or a
    demo name outside the tables still prints.

Requires: apt-get install -y fonts-noto-cjk python3-fonttools unicode-data
Run from anywhere: /usr/bin/python3 scripts/subset-fonts.py
"""

import bz2
import pathlib
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "pdf-templates" / "fonts"
NOTO = pathlib.Path("/usr/share/fonts/opentype/noto")
UNIHAN = pathlib.Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")

FACES = [
    # (collection, PostScript name of the face inside it, output file)
    (NOTO / "NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular", "NotoSerifSC-Regular-Subset.otf"),
    (NOTO / "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold", "NotoSansSC-Bold-Subset.otf"),
]

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: · × ÷ ° ± § ¥ …
    (0x2010, 0x205E),  # general punctuation: — ‘ ’ “ ” … ‰ ※
    (0x2100, 0x214F),  # letterlike: ℃ № ™
    (0x2150, 0x218B),  # number forms: Ⅰ Ⅱ Ⅲ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # maths operators: ≤ ≥ ≈ ≠ √
    (0x2460, 0x24FF),  # ① ⑴ ⒈
    (0x2500, 0x257F),  # box drawing (tables in plain text)
    (0x25A0, 0x25FF),  # □ ■ ○ ● △ ◆
    (0x2600, 0x26FF),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〇〔〕
    (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㈡
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
]

HANZI = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F]")


def tongyong_guifan() -> set[int]:
    """The 8,105 characters of 通用规范汉字表 (kTGH in Unihan)."""
    chars = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkTGH\t" in line:
                chars.add(int(line.split("\t", 1)[0][2:], 16))
    if len(chars) != 8105:
        sys.exit(f"expected 8105 kTGH characters in {UNIHAN}, found {len(chars)}")
    return chars


def gb2312_hanzi() -> set[int]:
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def app_text_hanzi() -> set[int]:
    chars = set()
    for folder in ("app", "db/seed", "emails", "pdf-templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".ts", ".tsx", ".md", ".csv", ".json"} and path.is_file():
                chars.update(ord(c) for c in HANZI.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return chars


def extract_face(collection: pathlib.Path, ps_name: str):
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(6) == ps_name:
            return font
    sys.exit(f"{ps_name} not found in {collection}")


def main() -> None:
    tgh, gb, own = tongyong_guifan(), gb2312_hanzi(), app_text_hanzi()
    unicodes = set().union(*(range(a, b + 1) for a, b in RANGES)) | tgh | gb | own
    print(f"通用规范汉字表 {len(tgh)}, GB 2312 {len(gb)} ({len(gb - tgh)} not in the former), "
          f"app text {len(own)} ({len(own - tgh - gb)} in neither); {len(unicodes)} code points asked")

    OUT.mkdir(parents=True, exist_ok=True)
    for collection, ps_name, out_name in FACES:
        font = extract_face(collection, ps_name)
        cmap = font.getBestCmap()
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the copyright and licence records (OFL requires them)
        options.name_languages = ["*"]
        options.hinting = False  # print only; hints are large in CJK fonts
        options.desubroutinize = False
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = OUT / out_name
        font.save(str(target))
        covered = len(unicodes & set(cmap))
        missing_tgh = sorted(tgh - set(cmap))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1e6:.2f} MB, {covered} characters; "
              f"通用规范汉字表 missing from the face: {len(missing_tgh)} "
              f"{''.join(chr(c) for c in missing_tgh[:20])}")


if __name__ == "__main__":
    main()
