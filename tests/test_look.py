"""What a leader and HR see, on the first screen and on the printed page, in every kind of file
the project writes (``scenarios.SEEN``): new cells in the table's body style, never a header's;
rows as tall as their wrapped text by the width model; headers and titles unbroken; frozen rows
that leave most of a laptop's screen; print titles on every sheet printed wider than a page; no
English code or command on any sheet; data validations within Excel's limits; and pages with
something on them, as few as the content needs."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from xlkompetence.cli import cli
from xlkompetence.core import printing, textwidth
from xlkompetence.core.findings import Code
from xlkompetence.core.grid import is_blank
from xlkompetence.core.schema import CATALOGUE, PLAN, layout
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.xlsx import loader
from xlkompetence.unit.datavalidation import ERROR_MAX, INPUT_MAX, LIST_MAX, TITLE_MAX
from xlkompetence.xlsx.styles import BANNER_FILL, HEADER_FILL

import printed
from conftest import TODAY, set_cells
from scenarios import SEEN, Outputs
from sheets_seen import Book, Look, Sheet, repeated_columns

HEADER = "FF" + HEADER_FILL.lstrip("#")
# A header that names a date: the numbers under it are dates.
DATE_HEADER = re.compile(r"\(dato\)|^(?:Start|Slut|Næste opfølgning|Sidst ændret|Dato|Ændret)$")
BANNER = "FF" + BANNER_FILL.lstrip("#")
# A 1366×768 laptop shows about 600 px of grid below Excel's ribbon and above its status bar:
# the frozen rows may take at most two fifths of it.
SCREEN_GRID_PX = 600
FROZEN_MAX_PX = 0.4 * SCREEN_GRID_PX

# What a leader or HR must not read on a sheet: the findings' English codes, the command line's
# commands and options.
COMMANDS = sorted(name for name in cli.commands if name not in ("mus", "demo", "new", "examples", "lite", "addin"))
FOREIGN = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(c.value) for c in Code) + r")(?![\w.])"
    r"|\bxlkompetence\s+(?:" + "|".join(re.escape(c) for c in cli.commands) + r")\b"
    r"|(?<![\w-])--[a-z]"
    r"|\b(?:" + "|".join(re.escape(c) for c in COMMANDS) + r")\b")


@pytest.fixture(scope="session")
def seen(tmp_path_factory, libreoffice) -> Outputs:
    return Outputs(tmp_path_factory.mktemp("seen"), libreoffice)


class _Books(dict):
    """Scenario → its file's ``Book``, the file built when a test first asks for it."""

    def __init__(self, seen: Outputs):
        super().__init__()
        self.seen = seen

    def __missing__(self, scenario: str) -> Book:
        self[scenario] = Book(self.seen.path(scenario))
        return self[scenario]


@pytest.fixture(scope="session")
def books(seen) -> dict[str, Book]:
    return _Books(seen)


def _is_header(look: Look) -> bool:
    return look.fill == HEADER


def _heads_a_block(look: Look) -> bool:
    """A title, section title, intro, help text or banner: what stands above a header row."""
    return look.pt > 11 or look.fill == BANNER or look.italic


def _table_header_rows(sheet: Sheet) -> set[int]:
    return {r0 for r0, _, _, _ in sheet.tables}


@pytest.mark.parametrize("scenario", SEEN)
def test_no_data_cell_takes_a_header_style(books, scenario):
    """A table's body is never in the header's dark fill (white text on it hides the links); and
    outside tables a header row stands under a title, section or intro, never under another
    header or a data row (the wall of header rows new cells made after a refresh)."""
    for name, sheet in books[scenario].sheets.items():
        for r0, c0, r1, c1 in sheet.tables:
            body = [(r, c) for (r, c), (_, look) in sheet.cells.items()
                    if r0 < r <= r1 and c0 <= c <= c1 and _is_header(look)]
            assert body == [], (scenario, name, body[:5])
        tables = _table_header_rows(sheet)
        rows = sorted({r for r, _ in sheet.cells})
        for r in rows:
            if r in tables or not any(_is_header(look) for (rr, _), (_, look) in sheet.cells.items() if rr == r):
                continue
            above = [row for row in rows if row < r]
            assert above, (scenario, name, r)
            looks = [look for (rr, _), (_, look) in sheet.cells.items() if rr == above[-1]]
            assert any(_heads_a_block(look) for look in looks) and not any(map(_is_header, looks)), (scenario, name, r)


@pytest.mark.parametrize("scenario", SEEN)
def test_every_row_is_as_tall_as_its_text_by_the_width_model(books, scenario):
    """Wrapped text shows whole (neither Excel nor LibreOffice fits a row whose height is
    written, and LibreOffice does not fit one without): every row is at least as tall as the
    width model says its texts need, in their columns (or merged ranges) and fonts."""
    for name, sheet in books[scenario].sheets.items():
        short = [(r, c, sheet.height(r), round(sheet.needed_height(r, c), 1), text[:40])
                 for (r, c), (text, look) in sheet.cells.items()
                 if not sheet.covered(r, c) and sheet.width(c) and sheet.height(r) + 0.01 < sheet.needed_height(r, c)]
        assert short == [], (scenario, name, short[:5])


@pytest.mark.parametrize("scenario", SEEN)
def test_no_header_breaks_in_the_middle_of_a_word(books, scenario):
    for name, sheet in books[scenario].sheets.items():
        broken = [(r, c, text) for (r, c), (text, look) in sheet.cells.items()
                  if _is_header(look) and look.wraps and not sheet.covered(r, c) and sheet.width(c)
                  and not textwidth.word_fits(text, sheet.shown_width(r, c), look.pt, look.bold)]
        assert broken == [], (scenario, name, broken[:5])


@pytest.mark.parametrize("scenario", SEEN)
def test_titles_stand_on_one_line_and_whole_on_every_page(books, scenario):
    """A sheet's title (A1) is one line, not wrapped; it has room up to the next filled cell of
    its row, and where pages repeat the first columns, inside them."""
    for name, sheet in books[scenario].sheets.items():
        if (1, 1) not in sheet.cells:
            continue
        text, look = sheet.cells[(1, 1)]
        assert not look.wraps, (scenario, name)
        filled = [c for (r, c) in sheet.cells if r == 1 and c > 1]
        last = min(filled) - 1 if filled else 30
        repeated = repeated_columns(sheet.print_titles)
        if repeated and repeated[0] == 1:
            last = min(last, repeated[1])
        room = sum(printing.column_px(sheet.width(c)) for c in range(1, last + 1) if sheet.width(c))
        assert textwidth.text_px(text, look.pt, look.bold) <= room, (scenario, name, text)


@pytest.mark.parametrize("scenario", SEEN)
def test_frozen_rows_leave_most_of_a_laptop_screen(books, scenario):
    for name, sheet in books[scenario].sheets.items():
        frozen_px = sum(sheet.height(r) for r in range(1, sheet.frozen_rows + 1)) * 4 / 3
        assert frozen_px <= FROZEN_MAX_PX, (scenario, name, frozen_px)


@pytest.mark.parametrize("scenario", SEEN)
def test_every_sheet_printed_wider_than_a_page_repeats_the_columns_that_say_whose_row_it_is(books, scenario):
    for name, sheet in books[scenario].sheets.items():
        if sheet.col_breaks:
            assert repeated_columns(sheet.print_titles), (scenario, name, sheet.print_titles)


@pytest.mark.parametrize("scenario", SEEN)
def test_no_english_code_or_command_on_any_sheet(books, scenario):
    """What a leader or HR reads, in cells and in the input messages and alerts of the
    drop-downs, has no finding code (``calc.typed_over``), command (``xlkompetence refresh``,
    ``next-round``) or option (``--med-navne``, ``--strict``)."""
    for name, sheet in books[scenario].sheets.items():
        texts = [text for (r, c), (text, _) in sheet.cells.items() if c not in sheet.hidden_cols]
        texts += [v[k] for v in sheet.validations for k in ("promptTitle", "prompt", "errorTitle", "error")]
        found = [m.group(0) for text in texts if (m := FOREIGN.search(text))]
        assert found == [], (scenario, name, found[:5])


def test_the_word_list_finds_what_it_is_for():
    for text in ("Skriv calc.typed_over", "kør xlkompetence refresh", "Uden --med-navne", "(kopier, --strict)",
                 "føres videre (next-round)"):
        assert FOREIGN.search(text), text
    for text in ("Gennemført/ forankret", "Organisationens plan", "MUS/PUS-samtalen", "0,5 - 1"):
        assert not FOREIGN.search(text), text


@pytest.mark.parametrize("scenario", SEEN)
def test_dates_show_as_dates_and_decimals_one_way(books, scenario):
    """A number under a header that names a date shows as a date, never as a serial (46086); no
    number format shows a varying count of decimals (4,0 beside 3,67)."""
    for name, sheet in books[scenario].sheets.items():
        headers = {(r, c): text for (r, c), (text, look) in sheet.cells.items() if _is_header(look)}
        date_cols = {(r, c) for (r, c), text in headers.items() if DATE_HEADER.search(text)}
        for (r, c), look in sheet.numbers.items():
            above = max((hr for (hr, hc) in headers if hc == c and hr < r), default=None)
            if above is not None and (above, c) in date_cols:
                assert "yy" in look.num_format, (scenario, name, r, c, look.num_format)
            assert not re.search(r"\.\d*#", look.num_format), (scenario, name, r, c, look.num_format)


def test_the_organisations_status_chart_counts_rows_in_whole_numbers(seen):
    with zipfile.ZipFile(seen.path("organisation")) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    bar = next(c for c in charts if "<c:barChart>" in c)
    assert '<c:majorUnit val="1"/>' in bar


@pytest.mark.parametrize("scenario", SEEN)
def test_every_data_validation_is_within_excels_limits(books, scenario):
    """Titles 32 characters, input message 255, error alert 225, a list written in the rule 255."""
    for name, v in books[scenario].validations:
        assert len(v["promptTitle"]) <= TITLE_MAX and len(v["errorTitle"]) <= TITLE_MAX, (scenario, name, v)
        assert len(v["prompt"]) <= INPUT_MAX, (scenario, name, v["prompt"])
        assert len(v["error"]) <= ERROR_MAX, (scenario, name, v["error"])
        if v["type"] == "list" and v["formula1"].startswith('"'):
            assert len(v["formula1"]) - 2 <= LIST_MAX, (scenario, name, v["formula1"])


@pytest.fixture(scope="module")
def printouts(seen, libreoffice, tmp_path_factory) -> dict[str, tuple[list[str], dict[str, int]]]:
    """The blank template's and the example's pages, printed as Excel prints them (the print
    areas' formulas evaluated by LibreOffice), per sheet, and each page's text."""
    out = {}
    for scenario in ("skabelon", "eksempel"):
        path = seen.path(scenario)
        work = tmp_path_factory.mktemp("udskrift")
        copy = shutil.copy(path, work / path.name)
        refresh_file(copy, TODAY)  # as a leader has it: refreshed
        pdf = printed.pdf_of(copy, libreoffice, work)
        out[scenario] = (printed.page_texts(pdf), printed.pages_per_sheet(pdf, printed.visible_sheets(path)))
    return out


@pytest.mark.libreoffice
def test_the_blank_template_prints_as_a_form_of_a_few_pages(printouts):
    texts, per_sheet = printouts["skabelon"]
    # With one page of Forslag, and one of Medarbejdere (template 5).
    assert len(texts) <= 20, per_sheet
    # No table prints more than two pages across and one down: its header and ten empty rows.
    assert max(per_sheet.values()) <= 3, per_sheet


@pytest.mark.libreoffice
def test_the_example_prints_what_is_filled_in_a_few_pages(printouts):
    texts, per_sheet = printouts["eksempel"]
    # Kompetencebehov carries each team's Prioritet and Begrundelse beside its levels (template 5);
    # Forslag and Medarbejdere print on a page each.
    assert len(texts) <= 23, per_sheet
    assert max(per_sheet.values()) <= 4, per_sheet


@pytest.mark.libreoffice
@pytest.mark.parametrize("scenario", ["skabelon", "opdateret efter ændringer", "næste runde", "gemt i LibreOffice"])
def test_a_tables_print_area_ends_at_its_last_filled_row(seen, libreoffice, tmp_path, scenario):
    """Each table sheet prints down to its last row with anything in it, and a table with
    nothing in it prints ten empty rows to fill in by hand; the rows a person types later count
    too (the area is a formula Excel works out when it prints)."""
    path = shutil.copy(seen.path(scenario), tmp_path / "bog.xlsx")
    grids = loader.load(path).grids
    for sheet_name, (rows, _) in printed.evaluated_print_areas(path, libreoffice, tmp_path / "før").items():
        sheet = Book(path).sheets[sheet_name]
        # The catalogue is no Excel table: its header stands where the layout puts it.
        (top, left, bottom, right), = sheet.tables or [(layout(CATALOGUE).header_row, 1, 0, len(CATALOGUE.columns))]
        grid = grids[sheet_name]
        filled = [r for r in range(top + 1, grid.height + 1)
                  if any(not is_blank(grid.get(r, c)) for c in range(left, right + 1))]
        assert rows == (max(filled) if filled else top + printing.FORM_ROWS), (scenario, sheet_name, rows, filled[-3:])


@pytest.mark.libreoffice
def test_a_row_typed_after_the_file_was_written_prints_too(seen, libreoffice, tmp_path):
    """The print area is worked out when the sheet prints: a plan row a leader types three rows
    below the last one prints, with no refresh, also after LibreOffice saved the workbook, and
    after refresh."""
    path = shutil.copy(seen.path("eksempel"), tmp_path / "bog.xlsx")
    plan = loader.load(path).grids[PLAN.name]
    later = max(r for r in range(1, plan.height + 1) if not is_blank(plan.get(r, 3))) + 3
    typed = shutil.copy(path, tmp_path / "skrevet.xlsx")
    set_cells(typed, {(PLAN.name, f"C{later}"): "Sidemandsoplæring"})
    assert printed.evaluated_print_areas(typed, libreoffice, tmp_path / "skrevet")[PLAN.name][0] == later
    saved = libreoffice.edit(path, {PLAN.name: {f"C{later}": "Sidemandsoplæring"}}, save_as=tmp_path / "gemt.xlsx")
    assert printed.evaluated_print_areas(saved, libreoffice, tmp_path / "gemt")[PLAN.name][0] == later
    refresh_file(saved, TODAY)
    assert printed.evaluated_print_areas(saved, libreoffice, tmp_path / "opdateret")[PLAN.name][0] == later
