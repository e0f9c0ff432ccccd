"""A line chart as SVG, drawn with the standard library: one picture that opens in any browser
and in Word and PowerPoint, without a plotting stack in the installation.

Sized for an A4 page: 800 units wide, so that text set at 13–18 units is 7–9 pt when the
picture is printed 17 cm wide. The legend stands below the chart, one entry a row, wrapped,
never cut, so long profile texts keep their words.
"""

from __future__ import annotations

__all__ = ["Series", "line_chart_svg"]

import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeGuard

WIDTH = 800
MARGIN = 24
FONT = "Calibri, Carlito, 'Segoe UI', Arial, sans-serif"
TITLE_SIZE, TEXT_SIZE, LEGEND_SIZE = 18, 14, 13
LINE = 1.3  # line height, in font sizes
PLOT_LEFT = MARGIN + 56  # room for the rotated axis title and the tick labels
PLOT_RIGHT = WIDTH - MARGIN
PLOT_HEIGHT = 320
SAMPLE = 40  # the legend's piece of line
# Okabe and Ito's colours, which people with the common colour-vision deficiencies can tell
# apart (their yellow left out: too faint on white); past seven series the dashes differ too.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "8 4", "2 4", "10 4 2 4")
# Characters XML 1.0 cannot hold; a text typed in Excel may still carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One line: its legend text and a value per category (None where it has none)."""

    name: str
    values: Sequence[float | None]


def line_chart_svg(title: str, subtitle: str, categories: Sequence[str], series: Sequence[Series], *, x_title: str,
                   y_title: str, number: Callable[[float], str], empty: str) -> bytes:
    """The chart as an SVG document: a line per series with a value, in the order given, and
    a legend entry for each in the same order. The y axis shows 0 and a tick at every whole
    number, which suits values within a few units, such as gaps between levels 1–5;
    ``number`` writes a value in a point's tooltip. Without categories or series with a value,
    ``empty`` stands where the chart would."""
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "role": "img",
                             "font-family": FONT})
    y = _heading(svg, title, subtitle)
    series = [s for s in series if any(_finite(v) for v in s.values)]
    if not categories or not series:
        y += 2 * TEXT_SIZE * LINE
        _label(svg, WIDTH / 2, y, empty, TEXT_SIZE, anchor="middle").set("class", "empty")
        return _document(svg, y + MARGIN)
    plot = _Plot(top=y + TEXT_SIZE * 1.5, categories=categories,
                 range=_y_range([v for s in series for v in s.values if _finite(v)]))
    _y_axis(svg, plot, y_title)
    y = _x_axis(svg, plot, x_title)
    return _document(svg, _lines_and_legend(svg, plot, series, y + LEGEND_SIZE * LINE, number))


@dataclass(frozen=True)
class _Plot:
    """Where the plot stands: its top, its categories across, its whole-number range up."""

    top: float
    categories: Sequence[str]
    range: tuple[int, int]

    @property
    def bottom(self) -> float:
        return self.top + PLOT_HEIGHT

    @property
    def xs(self) -> list[float]:
        return _x_positions(len(self.categories))

    def y_of(self, v: float) -> float:
        lo, hi = self.range
        return self.bottom - (v - lo) / (hi - lo) * PLOT_HEIGHT


def _heading(svg: ET.Element, title: str, subtitle: str) -> float:
    """Title and subtitle; returns where the next line stands."""
    _text(ET.SubElement(svg, "title"), title)
    y: float = MARGIN + TITLE_SIZE
    _label(svg, WIDTH / 2, y, title, TITLE_SIZE, anchor="middle", weight="bold").set("class", "title")
    sub = _wrap(subtitle, WIDTH - 2 * MARGIN, LEGEND_SIZE)
    _label(svg, WIDTH / 2, y + LEGEND_SIZE * 1.6, sub, LEGEND_SIZE, anchor="middle").set("class", "subtitle")
    return y + LEGEND_SIZE * (0.6 + LINE * len(sub))


def _y_axis(svg: ET.Element, plot: _Plot, y_title: str) -> None:
    """A grid line and label at every whole number, the zero line darker, the title turned."""
    grid = ET.SubElement(svg, "g", {"class": "y-axis", "font-size": str(TEXT_SIZE)})
    lo, hi = plot.range
    for tick in range(lo, hi + 1):
        ty = plot.y_of(tick)
        ET.SubElement(grid, "line", {"x1": _n(PLOT_LEFT), "x2": _n(PLOT_RIGHT), "y1": _n(ty), "y2": _n(ty),
                                     "stroke": "#666666" if tick == 0 else "#DDDDDD",
                                     "stroke-width": "1.5" if tick == 0 else "1"})
        _label(grid, PLOT_LEFT - 8, ty + TEXT_SIZE * 0.35, str(tick), TEXT_SIZE, anchor="end")
    middle = (plot.top + plot.bottom) / 2
    axis_title = _label(svg, MARGIN + TEXT_SIZE, middle, y_title, TEXT_SIZE, anchor="middle")
    axis_title.set("transform", f"rotate(-90 {_n(MARGIN + TEXT_SIZE)} {_n(middle)})")
    axis_title.set("class", "y-title")


def _x_axis(svg: ET.Element, plot: _Plot, x_title: str) -> float:
    """A tick and a wrapped label per category, then the title; returns the title's line."""
    x_axis = ET.SubElement(svg, "g", {"class": "x-axis", "font-size": str(TEXT_SIZE)})
    room = (PLOT_RIGHT - PLOT_LEFT) / len(plot.categories)
    bottom = deepest = plot.bottom
    for x, category in zip(plot.xs, plot.categories):
        ET.SubElement(x_axis, "line", {"x1": _n(x), "x2": _n(x), "y1": _n(bottom), "y2": _n(bottom + 5),
                                       "stroke": "#666666"})
        lines = _wrap(category, room, TEXT_SIZE)
        _label(x_axis, x, bottom + 6 + TEXT_SIZE, lines, TEXT_SIZE, anchor="middle")
        deepest = max(deepest, bottom + 6 + TEXT_SIZE * LINE * len(lines))
    y = deepest + TEXT_SIZE * LINE
    _label(svg, (PLOT_LEFT + PLOT_RIGHT) / 2, y, x_title, TEXT_SIZE, anchor="middle").set("class", "x-title")
    return y


def _lines_and_legend(svg: ET.Element, plot: _Plot, series: Sequence[Series], y: float,
                      number: Callable[[float], str]) -> float:
    """A line per series with a dot and tooltip per value, and its legend entry below the
    chart from ``y`` on; returns where the picture ends."""
    lines_group = ET.SubElement(svg, "g", {"class": "series", "fill": "none", "stroke-width": "2.5",
                                           "stroke-linejoin": "round"})
    legend = ET.SubElement(svg, "g", {"class": "legend", "font-size": str(LEGEND_SIZE)})
    for i, s in enumerate(series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i // len(COLOURS) % len(DASHES)]
        stroke = {"stroke": colour, **({"stroke-dasharray": dash} if dash else {})}
        line = ET.SubElement(lines_group, "g", {"class": "line"})
        _text(ET.SubElement(line, "title"), s.name)
        points = [(x, plot.y_of(v), c, v) if _finite(v) else None
                  for x, c, v in zip(plot.xs, plot.categories, s.values)]
        ET.SubElement(line, "path", {"d": _path(points), **stroke})
        for x, py, category, v in filter(None, points):
            dot = ET.SubElement(line, "circle", {"cx": _n(x), "cy": _n(py), "r": "4", "fill": colour, "stroke": "none"})
            _text(ET.SubElement(dot, "title"), f"{category}: {number(v)}")
        entry = ET.SubElement(legend, "g", {"class": "entry"})
        text_lines = _wrap(s.name, PLOT_RIGHT - MARGIN - SAMPLE - 8, LEGEND_SIZE)
        mid = y - LEGEND_SIZE * 0.35
        ET.SubElement(entry, "line", {"x1": _n(MARGIN), "x2": _n(MARGIN + SAMPLE), "y1": _n(mid), "y2": _n(mid),
                                      "stroke-width": "2.5", **stroke})
        ET.SubElement(entry, "circle", {"cx": _n(MARGIN + SAMPLE / 2), "cy": _n(mid), "r": "4", "fill": colour})
        _label(entry, MARGIN + SAMPLE + 8, y, text_lines, LEGEND_SIZE)
        y += LEGEND_SIZE * LINE * (len(text_lines) + 0.4)
    return y + MARGIN - LEGEND_SIZE


def _document(svg: ET.Element, height: float) -> bytes:
    h = _n(math.ceil(height))
    svg.attrib.update({"width": str(WIDTH), "height": h, "viewBox": f"0 0 {WIDTH} {h}"})
    svg.insert(1, ET.Element("rect", {"width": "100%", "height": "100%", "fill": "#FFFFFF"}))
    # A line per drawn element, for a reader of the file; never inside a text, where it would show.
    for el in svg.iter():
        if el.tag not in ("text", "tspan", "title"):
            el.tail = "\n"
    svg.text = "\n"
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True) + b"\n"


def _label(parent: ET.Element, x: float, y: float, text: str | list[str], size: int, *, anchor: str = "start",
           weight: str = "") -> ET.Element:
    """Text at (x, y), its lines below one another."""
    el = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), "font-size": str(size), "fill": "#222222",
                                        **({"text-anchor": anchor} if anchor != "start" else {}),
                                        **({"font-weight": weight} if weight else {})})
    lines = [text] if isinstance(text, str) else text
    if len(lines) == 1:
        _text(el, lines[0])
    else:
        for i, line in enumerate(lines):
            _text(ET.SubElement(el, "tspan", {"x": _n(x), "dy": "0" if i == 0 else _n(size * LINE)}), line)
    return el


def _text(el: ET.Element, text: str) -> None:
    el.text = _NOT_XML.sub("", text)


def _wrap(text: str, width: float, size: int) -> list[str]:
    """``text`` in lines that fit ``width``, at a generous average character width: whole
    words (hyphenated ones too) where they fit, a word longer than a line broken."""
    chars = max(4, int(width / (size * 0.55)))
    return textwrap.wrap(" ".join(text.split()), chars, break_on_hyphens=False) or [""]


def _y_range(values: list[float]) -> tuple[int, int]:
    """Whole numbers around every value and 0, so that the line at 0 always shows."""
    lo, hi = min(0, math.floor(min(values))), max(0, math.ceil(max(values)))
    return (lo, hi) if hi > lo else (lo, lo + 1)


def _x_positions(n: int) -> list[float]:
    room = (PLOT_RIGHT - PLOT_LEFT) / n
    return [PLOT_LEFT + room * (i + 0.5) for i in range(n)]


def _path(points: list[tuple[float, float, str, float] | None]) -> str:
    """Straight lines between neighbouring categories; one without a value breaks the line
    rather than drawing a value between two that was never measured."""
    parts, drawing = [], False
    for point in points:
        if point is not None:
            parts.append(f"{'L' if drawing else 'M'}{_n(point[0])} {_n(point[1])}")
        drawing = point is not None
    return " ".join(parts)


def _finite(v: float | None) -> TypeGuard[float]:
    return v is not None and math.isfinite(v)


def _n(v: float) -> str:
    return f"{v:.1f}".removesuffix(".0")
