"""Row heights and merged ranges of a worksheet the package patcher edits.

Neither Excel nor LibreOffice fits a row whose height is written, and LibreOffice does not fit
one without: a row with wrapped text shows all of it only if the file gives it the height. So
after the cells are written, every row's height is checked against the text of its wrapping
cells by the width model (``core.textwidth``), with the column widths and merged ranges of the
sheet, and raised where it is too low. A height a person made taller is kept; the rows of a
sheet the package owns outright are laid out afresh.
"""

from __future__ import annotations

__all__ = ["column_widths", "set_merges", "fit_rows", "merged_widths", "ShownCell", "needed_heights"]

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

from lxml import etree

from ..core import textwidth
from ..core.cells import parse_ref, ref_col
from .cellstyles import TextStyles
from .package import q

# The cell types (``t``) whose cell shows text: shared, inline, a formula's.
_TEXT_KINDS = frozenset(("s", "inlineStr", "str"))
_C = q("c")
# Excel's standard column width (characters), where a sheet names none.
STANDARD_WIDTH = 8.43
# The worksheet elements that come before <mergeCells> (ECMA-376 18.3.1.99), last first.
_BEFORE_MERGES = ("customSheetViews", "dataConsolidate", "sortState", "autoFilter", "scenarios",
                  "protectedRanges", "sheetProtection", "sheetCalcPr", "sheetData")


def column_widths(root: etree._Element) -> Callable[[int], float]:
    """Column number (1-based) → its width in characters."""
    fmt = root.find(q("sheetFormatPr"))
    default = float(fmt.get("defaultColWidth", STANDARD_WIDTH)) if fmt is not None else STANDARD_WIDTH
    # A hidden column shows no text: it adds nothing to a merged range's width.
    spans = [(int(c.get("min", "1")), int(c.get("max", "1")),
              0.0 if c.get("hidden") in ("1", "true") else float(c.get("width", default)))
             for c in root.iterfind(f"{q('cols')}/{q('col')}")]

    known: dict[int, float] = {}  # a column is asked for once per cell: look each up once
    # Excel writes <col> spans in order and apart; a sheet with a column per unit and team has
    # thousands of them, so each is found by bisection, not by reading them all from the left.
    ordered = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    starts = [lo for lo, _, _ in spans]

    def width(col: int) -> float:
        w = known.get(col)
        if w is None:
            if ordered:
                i = bisect_right(starts, col) - 1
                w = spans[i][2] if i >= 0 and col <= spans[i][1] else default
            else:
                w = next((w for lo, hi, w in spans if lo <= col <= hi), default)
            known[col] = w
        return w

    return width


def _merges(root: etree._Element) -> list[tuple[int, int, int, int]]:
    """(top, left, bottom, right) of each merged range."""
    out = []
    for m in root.iterfind(f"{q('mergeCells')}/{q('mergeCell')}"):
        ends = m.get("ref", "").split(":")
        try:
            (r0, c0), (r1, c1) = parse_ref(ends[0]), parse_ref(ends[-1])
        except ValueError:
            continue
        out.append((r0, c0, r1, c1))
    return out


def set_merges(root: etree._Element, from_row: int, merges: Iterable[str]) -> None:
    """Replace the merged ranges that start at or below ``from_row`` with ``merges``."""
    container = root.find(q("mergeCells"))
    if container is None:
        container = etree.Element(q("mergeCells"))
        anchor = next((el for el in (root.find(q(t)) for t in _BEFORE_MERGES) if el is not None), None)
        if anchor is None:
            root.append(container)
        else:
            anchor.addnext(container)
    for m in list(container):
        top = parse_ref(m.get("ref", "A1").split(":")[0])[0]
        if top >= from_row:
            container.remove(m)
    for ref_ in merges:
        etree.SubElement(container, q("mergeCell"), ref=ref_)
    if len(container):
        container.set("count", str(len(container)))
    else:
        root.remove(container)


def fit_rows(root: etree._Element, rows: dict[int, etree._Element], styles: TextStyles,
             text: Callable[[etree._Element], str], *, reset_from: int | None = None) -> bool:
    """Give each row the height its wrapped text needs by the width model; rows from
    ``reset_from`` down lose their written height first. Returns whether a row changed."""
    fmt = root.find(q("sheetFormatPr"))
    default = float(fmt.get("defaultRowHeight", textwidth.DEFAULT_ROW_PT)) if fmt is not None else textwidth.DEFAULT_ROW_PT
    changed = False
    for r, el in rows.items():
        if reset_from is not None and r >= reset_from and el.get("ht") is not None:
            el.attrib.pop("ht", None)
            el.attrib.pop("customHeight", None)
            changed = True
    # By a style's index as the cell names it: whether it wraps, the height of one line in it,
    # and the index as a number.
    looks: dict[str, tuple[bool, float, int]] = {}

    def shown_cells(row_el: etree._Element) -> Iterator[ShownCell]:
        shown = float(row_el.get("ht", default))
        for c_el in row_el.iterchildren(_C):
            if c_el.get("t") not in _TEXT_KINDS:
                continue  # a number or a date: it does not wrap
            s = c_el.get("s", "0")
            look = looks.get(s)
            if look is None:
                style = styles.of(int(s))
                look = looks[s] = (style[0], textwidth.line_pt(style[1]), int(s))
            if not look[0] and look[1] <= shown + 0.01:
                continue  # text that does not wrap needs one line, which the row has
            yield ref_col(c_el.get("r", "A")), text(c_el), look[2]

    needed = needed_heights(((r, shown_cells(el)) for r, el in rows.items()), column_widths(root), _merges(root),
                            styles.of)
    for r, height in needed.items():
        if height > float(rows[r].get("ht", default)) + 0.01:
            rows[r].set("ht", f"{height:g}")
            rows[r].set("customHeight", "1")
            changed = True
    return changed


def merged_widths(merges: list[tuple[int, int, int, int]], width: Callable[[int], float]
                  ) -> tuple[dict[tuple[int, int], float], set[tuple[int, int]]]:
    """The width each one-row merged range shows its text in, by its first cell, and the cells
    a merged range covers (its text is its first cell's)."""
    spans = {(r0, c0): sum(width(c) for c in range(c0, c1 + 1)) + sum(5 / 7 for c in range(c0 + 1, c1 + 1) if width(c))
             for r0, c0, r1, c1 in merges if r0 == r1}
    covered = {(r0, c) for r0, c0, r1, c1 in merges for c in range(c0, c1 + 1) if (r0, c) != (r0, c0)}
    return spans, covered


# A cell as the width model sees it: its column, the text it shows and its style's key.
ShownCell = tuple[int, str, Hashable]


def needed_heights(rows: Iterable[tuple[int, Iterable[ShownCell]]], width: Callable[[int], float],
                   merges: list[tuple[int, int, int, int]],
                   style: Callable[[Any], tuple[bool, float, bool]]) -> dict[int, float]:
    """Row → the height its cells' text needs by the width model (as ``fit_rows`` gives it), in
    the column widths ``width`` gives and the ``merges`` (top, left, bottom, right) of a sheet
    whose cells are at hand rather than in XML; ``style`` gives (wraps, points, bold) for a
    cell's style key. A row whose text needs no height is left out."""
    spans, covered = merged_widths(merges, width)
    # Most rows take part in no merged range: their cells are not looked up among the ranges.
    merged_rows = {r for r, _ in spans} | {r for r, _ in covered}
    heights: dict[tuple[str, float, Hashable], float] = {}  # a text in a width and style: its height
    out: dict[int, float] = {}
    for r, cells in rows:
        needed = 0.0
        merged = r in merged_rows
        for col, shown, key in cells:
            shown_width = spans.get((r, col), width(col)) if merged else width(col)
            if not shown or merged and (r, col) in covered or not shown_width:
                continue  # no text (most cells: blanks, numbers), or text in a merged range or a hidden column
            height = heights.get((shown, shown_width, key))
            if height is None:
                height = heights[(shown, shown_width, key)] = _needed(shown, shown_width, style(key))
            if height > needed:
                needed = height
        if needed:
            out[r] = needed
    return out


def _needed(text: str, width: float, style: tuple[bool, float, bool]) -> float:
    wraps, pt, bold = style
    if not text:
        return 0.0
    if wraps:
        return textwidth.row_height(text, width, pt, bold)
    return textwidth.line_pt(pt)
