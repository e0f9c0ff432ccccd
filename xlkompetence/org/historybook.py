"""The history as a table, as data, as an Excel sheet with a line chart per profile, and as an
SVG picture to send or print."""

from __future__ import annotations

__all__ = [
    "CHARTS_PER_ROW", "CHART_W", "CHART_H", "history_lines", "history_dict", "write_history_xlsx",
    "write_history_svg",
]

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core import printing
from ..core.cells import col_letter, quote_sheet
from ..xlsx.files import atomic_path, write_atomic
from ..xlsx.pagesetup import apply_page_setup
from ..xlsx.patch import fit_workbook
from .history import History
from .linechart import Series, line_chart_svg
from ..core.labels import t
from ..xlsx.styles import HEADER_FILL, add_formats

CHARTS_PER_ROW = 2
CHART_W, CHART_H = 480, 260
CHART_GAP = 20
# A row of charts takes this many rows of the default height (20 px), and a landscape page two.
CHART_ROWS = 14
CHARTS_PER_PAGE = 2
HEADER_ROW = 3  # 0-based


def history_lines(hist: History) -> list[str]:
    """Mean gap per profile (rows) and round (columns), as aligned text."""
    if not hist.rounds:
        return [t("history.empty")]
    label_width = min(60, max(len(_label(pid, text)) for _, pid, text in hist.profiles))
    # A column as wide as its round's name: "efterår 2025" and "efterår 2026" cut short to ten
    # characters would read the same.
    widths = [max(12, len(r) + 2) for r in hist.rounds]
    head = f"{t('history.profile'):<{label_width}}" + "".join(f"{r:>{w}}" for r, w in zip(hist.rounds, widths))
    lines = [t("history.title"), head]
    for key, pid, text in hist.profiles:
        cells = "".join(f"{_num(v):>{w}}" for v, w in zip(hist.series(key), widths))
        lines.append(f"{_label(pid, text)[:label_width]:<{label_width}}{cells}")
    return lines


def history_dict(hist: History) -> dict:
    return {
        "rounds": hist.rounds,
        "profiles": [
            {"id": pid, "text": text,
             "rounds": [{"round": r, "mean_gap": p.mean_gap, "assessed": p.assessed, "gap2": p.gap2}
                        for r in hist.rounds if (p := hist.points.get((key, r)))]}
            for key, pid, text in hist.profiles
        ],
    }


def write_history_xlsx(path: Path, hist: History) -> None:
    """A sheet with mean gap per profile and round, and a line chart per profile: printed A4
    landscape with number and profile on every page, the charts whole, two to a row."""

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        f = add_formats(wb)
        ws = wb.add_worksheet(t("history.sheet"))
        widths = _write_table(ws, f, hist)
        top = HEADER_ROW + 1 + len(hist.profiles) + 1
        n_rows = _write_charts(wb, ws, hist, top) if hist.rounds else 0
        # A page break before the charts and after every page's rows of charts: none is cut.
        breaks = [top + k * CHART_ROWS * CHARTS_PER_PAGE for k in range(-(-n_rows // CHARTS_PER_PAGE))]
        setup = printing.table_sheet(widths, header_rows=(HEADER_ROW, HEADER_ROW), repeat=(0, 1), row_breaks=breaks)
        apply_page_setup(ws, setup, t("org.title"))
        wb.close()
        fitted = io.BytesIO()
        fit_workbook(io.BytesIO(tmp.read_bytes()), fitted)
        tmp.write_bytes(fitted.getvalue())

    write_atomic(path, write)


def _write_table(ws: Worksheet, f: dict[str, Any], hist: History) -> list[float]:
    """Title, intro, and the mean gap per profile (rows) and round (columns); the widths."""
    widths = [8.0, 60.0] + [11.0] * max(len(hist.rounds), 1)
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    ws.write(0, 0, t("history.title"), f["title"])
    ws.merge_range(1, 0, 1, 1, t("history.intro"), f["intro"])
    ws.write(HEADER_ROW, 0, t("history.id"), f["header"])
    ws.write(HEADER_ROW, 1, t("history.profile"), f["header"])
    for j, r in enumerate(hist.rounds):
        ws.write_string(HEADER_ROW, 2 + j, r, f["header"])
    for i, (key, pid, text) in enumerate(hist.profiles):
        ws.write_string(HEADER_ROW + 1 + i, 0, pid or "", f["label"])
        ws.write_string(HEADER_ROW + 1 + i, 1, text, f["wrap"])
        for j, v in enumerate(hist.series(key)):
            if v is not None:
                ws.write_number(HEADER_ROW + 1 + i, 2 + j, v, f["dec"])
    ws.freeze_panes(HEADER_ROW + 1, 2)
    return widths


def _write_charts(wb: Workbook, ws: Worksheet, hist: History, top: int) -> int:
    """A line chart per profile from 0-based row ``top``, two side by side within an A4 page's
    width; returns how many rows of charts there are."""
    sheet = quote_sheet(ws.name)
    first, last = col_letter(3), col_letter(2 + len(hist.rounds))
    header = HEADER_ROW + 1
    for i, _profile in enumerate(hist.profiles):
        # Names come from the profile's cell, never as text of their own: text from a unit that
        # starts with "=" would otherwise become a formula in the chart.
        label_cell = [ws.name, header + i, 1]
        chart = wb.add_chart({"type": "line"})
        chart.add_series({
            "name": label_cell,
            "categories": f"={sheet}!${first}${header}:${last}${header}",
            "values": f"={sheet}!${first}${header + 1 + i}:${last}${header + 1 + i}",
            "marker": {"type": "circle"},
            "line": {"color": HEADER_FILL},
            "data_labels": {"value": True, "num_format": "0.0"},
        })
        chart.set_title({"name": label_cell, "name_font": {"size": 10}})
        chart.set_y_axis({"name": t("history.mean_gap"), "min": -1, "max": 4, "major_unit": 1})
        # The rounds under the plot, not on the zero line a negative gap falls below.
        chart.set_x_axis({"label_position": "low"})
        chart.set_legend({"none": True})
        chart.set_size({"width": CHART_W, "height": CHART_H})
        # Placed in pixels from column A: side by side inside one page's width, whatever the
        # columns' widths.
        ws.insert_chart(top + (i // CHARTS_PER_ROW) * CHART_ROWS, 0, chart,
                        {"x_offset": (i % CHARTS_PER_ROW) * (CHART_W + CHART_GAP), "y_offset": 0})
    return -(-len(hist.profiles) // CHARTS_PER_ROW)


def write_history_svg(path: Path, hist: History) -> None:
    """One picture to send or print: the mean gap of each profile from round to round, with the
    first and the last mean gap measured beside its name."""
    series = []
    for key, pid, text in hist.profiles:
        values = hist.series(key)
        series.append(Series(_legend(_label(pid, text), values), values))
    svg = line_chart_svg(t("history.title"), t("history.intro"), hist.rounds, series, x_title=t("history.round"),
                         y_title=t("history.mean_gap"), number=_num, empty=t("history.empty"))
    with atomic_path(path) as tmp:
        tmp.write_bytes(svg)


def _legend(label: str, values: list[float | None]) -> str:
    measured = [v for v in values if v is not None]
    if len(measured) > 1:
        return t("history.legend_change", profile=label, first=_num(measured[0]), last=_num(measured[-1]))
    return t("history.legend_one", profile=label, value=_num(measured[0])) if measured else label


def _label(pid: str | None, text: str) -> str:
    return f"{pid} – {text}" if pid else text


def _num(v: float | None) -> str:
    """One decimal, rounded half up as Excel's "0.0" shows it, with a decimal comma."""
    if v is None:
        return "–"
    return str(Decimal(repr(v)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")
