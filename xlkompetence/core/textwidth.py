"""How wide a text prints and how many lines it wraps to in a column: one model for every
writer and for refresh, so that a row written with a height shows its whole text.

A height written in the file is what Excel and LibreOffice show (neither fits a row whose
height is written, and LibreOffice does not fit one without), so the writers must compute it.
Pure: the advance widths of Calibri's metric twin Carlito (units of 1/2048 em), for the
characters Danish text uses, regular and bold; a character outside the table counts as the
widest letter, so that the model errs towards a row too tall, never one that cuts text.

Columns: a width of ``w`` characters is ``7·w + 5`` pixels in Excel (Calibri 11 at 96 dpi);
LibreOffice draws it about 6 % wider. Text is measured unhinted at its point size (Excel's
hinted screen text is a little narrower), against the narrower of the two columns less its
margins, and padded by ``SAFETY``: every error of the model makes a row taller.
"""

from __future__ import annotations

__all__ = [
    "EM", "SAFETY", "MAX_ROW_PT", "DEFAULT_ROW_PT", "char_units", "text_px", "column_text_px", "wrap",
    "wrapped_lines", "line_pt", "row_height", "longest_word_px", "word_fits", "width_for_words", "MAX_WIDTH",
]

import itertools
import math
from functools import lru_cache

EM = 2048
# Text measured this much wider than its metrics: rounding of glyph positions on screen.
SAFETY = 1.02
# Excel's tallest row (points), and the height of a row of 11 pt text.
MAX_ROW_PT = 409.0
DEFAULT_ROW_PT = 15.0
# The widest a column is made to fit a header's longest word (characters).
MAX_WIDTH = 60
# Pixels of a column's width that text does not use: the cell's left and right margins.
_MARGIN_PX = 5

_CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
          "\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
          "–—‘’“”…•→×≤≥€")
_REGULAR = (
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831, 1185, 1114, 1092, 1260, 1000, 941,
    1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959,
    628, 791, 628, 1020, 1020, 596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080,
    1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020, 1038, 667, 1020, 1038, 1020,
    1038, 1020, 1020, 804, 1709, 824, 1049, 1020, 1038, 1038, 807, 694, 1020, 688, 685, 598, 1126, 1200, 517, 629,
    504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185, 1185, 1185, 1185, 1185, 1563, 1092, 1000, 1000, 1000, 1000,
    516, 516, 516, 516, 1279, 1322, 1356, 1356, 1356, 1356, 1356, 1020, 1359, 1314, 1314, 1314, 1314, 998, 1058,
    1080, 981, 981, 981, 981, 981, 981, 1583, 866, 1019, 1019, 1019, 1019, 470, 470, 470, 470, 1076, 1076, 1080,
    1080, 1080, 1080, 1080, 1020, 1084, 1076, 1076, 1076, 1076, 927, 1076, 927, 1020, 1854, 511, 511, 857, 857,
    1414, 1020, 1854, 1020, 1020, 1020, 1038,
)
_BOLD = (
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840, 1241, 1148, 1084, 1291, 999, 940,
    1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064,
    979, 665, 880, 665, 1020, 1020, 615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099,
    1101, 1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 1038, 667, 1020, 1038,
    1020, 1038, 1020, 1020, 849, 1709, 852, 1103, 1020, 1038, 1038, 799, 701, 1020, 692, 688, 616, 1154, 1224, 548,
    621, 517, 891, 1103, 1347, 1415, 1437, 949, 1241, 1241, 1241, 1241, 1241, 1241, 1588, 1084, 999, 999, 999, 999,
    546, 546, 546, 546, 1309, 1349, 1385, 1385, 1385, 1385, 1385, 1020, 1394, 1337, 1337, 1337, 1337, 1064, 1090,
    1136, 1011, 1011, 1011, 1011, 1011, 1011, 1587, 857, 1031, 1031, 1031, 1031, 503, 503, 503, 503, 1099, 1099,
    1101, 1101, 1101, 1101, 1101, 1020, 1114, 1099, 1099, 1099, 1099, 970, 1099, 970, 1020, 1854, 528, 528, 891,
    891, 1457, 1020, 1854, 1020, 1020, 1020, 1038,
)
_WIDTHS = {False: dict(zip(_CHARS, _REGULAR)), True: dict(zip(_CHARS, _BOLD))}
# A character the table does not know: as wide as the widest letter (W), never narrower.
_UNKNOWN = {False: 1822, True: 1856}


def char_units(ch: str, bold: bool = False) -> int:
    """The advance width of ``ch`` in 1/2048 em (Calibri's metrics)."""
    return _WIDTHS[bold].get(ch, _UNKNOWN[bold])


def text_px(text: str, pt: float = 11, bold: bool = False) -> float:
    """The width in pixels (96 dpi) of ``text`` on one line at ``pt`` points, with ``SAFETY``."""
    return _px(_units(text, bold), pt)


def _units(text: str, bold: bool) -> int:
    # char_units for each character, looked up without a Python call per character: every word
    # of every wrapping cell a patch fits is measured.
    return sum(map(_WIDTHS[bold].get, text, itertools.repeat(_UNKNOWN[bold], len(text))))


def _px(units: int, pt: float) -> float:
    return units / EM * pt * 96 / 72 * SAFETY


def column_text_px(width: float) -> float:
    """The pixels text has in a column ``width`` characters wide (Excel's, the narrower)."""
    return max(1.0, 7 * width + 5 - _MARGIN_PX)


def wrap(text: str, width: float, pt: float = 11, bold: bool = False) -> list[str]:
    """``text`` wrapped as Excel wraps a cell: at spaces, a word longer than the line broken
    where the line ends, and at every line break."""
    room = column_text_px(width)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        lines.extend(_wrap_paragraph(paragraph, room, pt, bold))
    return lines


def _wrap_paragraph(paragraph: str, room: float, pt: float, bold: bool) -> list[str]:
    # A line's width is added up word by word (whole units, so exactly as measuring it again):
    # a long paragraph is not measured from its start for every word.
    lines: list[str] = []
    line, line_units, space = "", 0, char_units(" ", bold)
    for word in paragraph.split(" "):
        word_units = _units(word, bold)
        candidate_units = line_units + space + word_units if line else word_units
        if _px(candidate_units, pt) <= room:
            line, line_units = (f"{line} {word}" if line else word), candidate_units
            continue
        if line:
            lines.append(line)
        while _px(word_units, pt) > room and len(word) > 1:
            cut = _longest_prefix(word, room, pt, bold)
            lines.append(word[:cut])
            word = word[cut:]
            word_units = _units(word, bold)
        line, line_units = word, word_units
    lines.append(line)
    return lines


def _longest_prefix(word: str, room: float, pt: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_px(word[: cut + 1], pt, bold) <= room:
        cut += 1
    return cut


@lru_cache(maxsize=4096)
def wrapped_lines(text: str, width: float, pt: float = 11, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide."""
    return len(wrap(text, width, pt, bold)) if text else 1


def line_pt(pt: float = 11) -> float:
    """The height (points) one line of ``pt``-point text takes in a row: Calibri's line
    spacing (1.22 em) on whole pixels, and a pixel above and below (11 pt: 15)."""
    px = math.ceil(pt * 96 / 72 * 1.22) + 2
    return px * 0.75


def row_height(text: str, width: float, pt: float = 11, bold: bool = False) -> float:
    """The row height (points) that shows all of ``text`` in a wrapping cell ``width``
    characters wide, at most Excel's tallest row."""
    return min(MAX_ROW_PT, wrapped_lines(text, width, pt, bold) * line_pt(pt))


def longest_word_px(text: str, pt: float = 11, bold: bool = False) -> float:
    return max((text_px(word, pt, bold) for word in str(text).split()), default=0.0)


def word_fits(text: str, width: float, pt: float = 11, bold: bool = False) -> bool:
    """Whether every word of ``text`` fits a line of a column ``width`` characters wide, so
    that wrapping never breaks one in the middle ("Kompetencepr/ofiler")."""
    return longest_word_px(text, pt, bold) <= column_text_px(width)


def width_for_words(text: str, width: float, pt: float = 11, bold: bool = True) -> float:
    """``width``, or the smallest whole width above it at which every word of ``text`` (a
    header, bold by default) fits a line."""
    while not word_fits(text, width, pt, bold) and width < MAX_WIDTH:
        width = math.floor(width) + 1
    return width
