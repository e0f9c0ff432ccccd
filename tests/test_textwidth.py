"""The width model (``core.textwidth``) against a real engine: LibreOffice, given Calibri's metric
twin Carlito, never prints a wrapped text on more lines than the model counts, so a row the model
makes tall enough shows the whole text."""

from __future__ import annotations

import random
import subprocess

import pytest
import xlsxwriter

from xlkompetence.core import textwidth
from xlkompetence.core.labels import FINDINGS, LABELS

# (column width, points, bold): the cells the writers wrap text in.
CELLS = [(8, 11, False), (11, 11, True), (13, 9, False), (24, 11, False), (30, 11, False), (42, 11, False),
         (60, 11, False), (80, 11, False), (50, 11, True), (56, 11, False)]


def test_text_wraps_at_spaces_and_a_word_longer_than_the_line_is_broken():
    assert textwidth.wrap("Kompetenceprofil", 30) == ["Kompetenceprofil"]
    assert len(textwidth.wrap("Vi skal kunne " * 10, 20)) > 3
    pieces = textwidth.wrap("Socialpsykiatrisk" * 3, 8)
    assert "".join(pieces) == "Socialpsykiatrisk" * 3 and all(textwidth.text_px(p) <= textwidth.column_text_px(8)
                                                                 for p in pieces)
    assert textwidth.wrap("a\nb", 30) == ["a", "b"]


def test_a_row_is_as_tall_as_its_lines_and_never_taller_than_excel_allows():
    assert textwidth.line_pt(11) == textwidth.DEFAULT_ROW_PT
    assert textwidth.row_height("kort", 30) == 15
    assert textwidth.row_height("ord " * 200, 10) == textwidth.MAX_ROW_PT
    assert textwidth.text_px("WWW", 11, bold=True) > textwidth.text_px("iii", 11, bold=True)


def test_a_header_is_made_as_wide_as_its_longest_word():
    width = textwidth.width_for_words("Medarbejdere", 8)
    assert width > 8 and textwidth.word_fits("Medarbejdere", width, bold=True)
    assert not textwidth.word_fits("Medarbejdere", width - 1, bold=True)


@pytest.mark.libreoffice
def test_libreoffice_never_prints_more_lines_than_the_model_counts(libreoffice, tmp_path):
    rng = random.Random(27)
    texts = [v for v in LABELS.values() if 40 < len(v) < 400] + [m for _, m in FINDINGS.values() if len(m) > 60]
    cases = [(rng.choice(texts), *rng.choice(CELLS)) for _ in range(60)]
    path = tmp_path / "bredder.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tekst")
    # One cell a page, each in its own column, so a page's lines are one cell's.
    for row, (text, width, pt, bold) in enumerate(cases):
        ws.set_column(row, row, width)
        ws.write(row, row, text, wb.add_format({"text_wrap": True, "valign": "top", "font_size": pt, "bold": bold}))
        ws.set_row(row, 409)
    ws.set_h_pagebreaks(list(range(1, len(cases))))
    ws.set_v_pagebreaks(list(range(1, len(cases))))
    ws.set_margins(0.2, 0.2, 0.2, 0.2)
    wb.close()
    (pdf,) = libreoffice.convert(path, "pdf", tmp_path)
    pages = [p for p in subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                       text=True).stdout.split("\f")]
    printed = [p for p in pages if p.strip()]
    assert len(printed) == len(cases)
    for page, (text, width, pt, bold) in zip(printed, cases):
        lines = len([line for line in page.splitlines() if line.strip()])
        assert lines <= textwidth.wrapped_lines(text, width, pt, bold), (text, width, pt, bold, lines)
