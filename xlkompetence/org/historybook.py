"""The history as a table, as data, as an Excel sheet with a line chart per profile, and as an
SVG picture to send or print."""

from __future__ import annotations

__all__ = [
    "CHARTS_PER_ROW", "CHART_W", "CHART_H", "history_lines", "history_dict", "write_history_xlsx",
    "write_history_svg",
]

from pathlib import Path

import xlsxwriter

from ..core.cells import col_letter, quote_sheet
from ..xlsx.files import atomic_path, write_atomic
from .history import History
from .linechart import Series, line_chart_svg
from ..core.labels import t
from ..xlsx.styles import HEADER_FILL, add_formats

CHARTS_PER_ROW = 2
CHART_W, CHART_H = 480, 260


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
    """A sheet with mean gap per profile and round, and a line chart per profile."""

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        f = add_formats(wb)
        ws = wb.add_worksheet(t("history.sheet"))
        ws.write(0, 0, t("history.title"), f["title"])
        ws.write(1, 0, t("history.intro"), f["intro"])
        ws.write(3, 0, t("history.id"), f["header"])
        ws.write(3, 1, t("history.profile"), f["header"])
        for j, r in enumerate(hist.rounds):
            ws.write_string(3, 2 + j, r, f["header"])
        for i, (key, pid, text) in enumerate(hist.profiles):
            ws.write_string(4 + i, 0, pid or "", f["label"])
            ws.write_string(4 + i, 1, text, f["text"])
            for j, v in enumerate(hist.series(key)):
                if v is not None:
                    ws.write_number(4 + i, 2 + j, v, f["dec"])
        ws.set_column(0, 0, 8)
        ws.set_column(1, 1, 60)
        ws.set_column(2, 2 + max(len(hist.rounds), 1), 11)
        ws.freeze_panes(4, 2)
        if hist.rounds:
            sheet = quote_sheet(ws.name)
            first, last = col_letter(3), col_letter(2 + len(hist.rounds))
            top = 4 + len(hist.profiles) + 2
            for i, _profile in enumerate(hist.profiles):
                # Names come from the profile's cell, never as text of their own: text from a
                # unit that starts with "=" would otherwise become a formula in the chart.
                label_cell = [ws.name, 4 + i, 1]
                chart = wb.add_chart({"type": "line"})
                chart.add_series({
                    "name": label_cell,
                    "categories": f"={sheet}!${first}$4:${last}$4",
                    "values": f"={sheet}!${first}${5 + i}:${last}${5 + i}",
                    "marker": {"type": "circle"},
                    "line": {"color": HEADER_FILL},
                    "data_labels": {"value": True, "num_format": "0.0"},
                })
                chart.set_title({"name": label_cell, "name_font": {"size": 10}})
                chart.set_y_axis({"name": t("history.mean_gap"), "min": -1, "max": 4})
                chart.set_legend({"none": True})
                chart.set_size({"width": CHART_W, "height": CHART_H})
                row = top + (i // CHARTS_PER_ROW) * 14
                col = 1 + (i % CHARTS_PER_ROW) * 6
                ws.insert_chart(row, col, chart)
        wb.close()

    write_atomic(path, write)


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
    return "–" if v is None else f"{v:.2f}".replace(".", ",")
