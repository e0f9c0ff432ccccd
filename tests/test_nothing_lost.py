"""Nothing a person typed or saved is lost: the defects a hostile review found, one test each."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from xlkompetence.core import examples
from xlkompetence.core.findings import Code, ExitCode
from xlkompetence.core.models import Profile
from xlkompetence.org.sync import sync_file
from xlkompetence.unit import refresh as refresh_module
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells


def org_profiles() -> list[Profile]:
    return [Profile(id="K9", strategy="Ny strategi", goal="Nyt mål", text="Vi skal kunne noget nyt.")]


# -- 3. lost update ------------------------------------------------------------------------------

def _save_meanwhile(monkeypatch, path: Path, saved: bytes, *, lock: bool = False) -> None:
    """While refresh writes its copy, a leader saves the file in Excel (or opens it)."""
    real = refresh_module.patch_workbook

    def patch_then_save(*args, **kwargs):
        skipped = real(*args, **kwargs)
        if lock:
            path.with_name("~$" + path.name).write_bytes(b"leder")
        else:
            path.write_bytes(saved)
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        return skipped

    monkeypatch.setattr(refresh_module, "patch_workbook", patch_then_save)


def test_a_save_made_while_refresh_runs_is_kept(example_path, monkeypatch, tmp_path):
    other = tmp_path / "gemt.xlsx"
    write_unit_workbook(other, examples.demo_units()[1][1], today=TODAY)
    saved = other.read_bytes()
    _save_meanwhile(monkeypatch, example_path, saved)
    report = refresh_file(example_path, TODAY)
    assert example_path.read_bytes() == saved  # the leader's save, whole
    assert [f.code for f in report.findings if f.code.scope.value == "file"] == [Code.FILE_CHANGED]
    assert report.exit_code is ExitCode.UNREADABLE and not report.written
    assert not [p for p in example_path.parent.iterdir() if p.name.startswith(".")]


def test_a_workbook_opened_while_refresh_runs_is_not_replaced(example_path, monkeypatch):
    before = example_path.read_bytes()
    _save_meanwhile(monkeypatch, example_path, b"", lock=True)
    report = refresh_file(example_path, TODAY)
    assert example_path.read_bytes() == before
    assert Code.FILE_LOCKED in [f.code for f in report.findings]


def test_a_save_made_while_sync_runs_is_kept(example_path, monkeypatch, tmp_path):
    other = tmp_path / "gemt.xlsx"
    write_unit_workbook(other, examples.demo_units()[1][1], today=TODAY)
    _save_meanwhile(monkeypatch, example_path, other.read_bytes())
    report = sync_file(org_profiles(), example_path, TODAY)
    assert example_path.read_bytes() == other.read_bytes()
    assert Code.FILE_CHANGED in [f.code for f in report.findings] and not report.written


# -- 5. symbolic links ---------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["refresh", "sync"])
def test_a_symlinked_workbook_is_written_through_the_link(example_path, tmp_path, how):
    shared = tmp_path / "fælles"
    shared.mkdir()
    link = shared / "enhed.xlsx"
    link.symlink_to(example_path)
    set_cells(example_path, {("Plan for kompetenceudvikling", "F6"): "uge 2-8 2027",
                             ("Plan for kompetenceudvikling", "C6"): "Kursus", ("Plan for kompetenceudvikling", "G6"): "Kim"})
    if how == "refresh":
        assert refresh_file(link, TODAY).written
    else:
        assert sync_file(org_profiles(), link, TODAY).written
    assert link.is_symlink() and Path(os.readlink(link)) == example_path
    plan = loader.load(example_path).grids["Plan for kompetenceudvikling"]
    assert plan.get(6, 16) is not None  # Start, written into the file the link points at
    assert not [p.name for p in shared.iterdir() if p.name.endswith(".tmp")]


# -- 2. sync never changes what a unit's own rows inherit ---------------------------------------------

A, B = "Mål og kompetenceprofil", "Kompetencebehov"


def test_sync_appends_below_the_units_rows_and_changes_no_inheritance(example_path):
    # The unit's own profile U1 sits below a blank row and inherits K3's strategy and goal.
    set_cells(example_path, {(A, "A9"): "U1", (A, "D9"): "Vi skal kunne holde gode overleveringer."})
    before = read_checked(example_path, TODAY).unit.profile("U1")
    assert before.goal == examples.GOAL_2
    report = sync_file(org_profiles(), example_path, TODAY)
    assert report.written and [c.kind for c in report.changes] == ["add"]
    unit = read_checked(example_path, TODAY).unit
    assert unit.profile("U1").goal == before.goal and unit.profile("U1").strategy == before.strategy
    k9 = unit.profile("K9")
    assert (k9.row, k9.goal, k9.strategy) == (10, "Nyt mål", "Ny strategi")
    assert not sync_file(org_profiles(), example_path, TODAY).changes


# -- 4. blank means blank everywhere -----------------------------------------------------------------

def test_a_space_in_an_empty_needs_row_does_not_stop_a_new_profile(example_path):
    set_cells(example_path, {(A, "A8"): "K4", (A, "D8"): "Vi skal kunne dokumentere kort.",
                             (B, "A11"): " ", (B, "A12"): "\u00a0"})
    result = refresh_file(example_path, TODAY)
    assert result.added_profiles == ["K4"]
    report = read_checked(example_path, TODAY)
    assert "K4" in {a.profile_id for a in report.unit.assessments}
    assert Code.NEEDS_PROFILE_NOT_LISTED not in [f.code for f in report.findings]


def test_a_space_in_sheet_a_does_not_make_sync_write_a_profile_without_its_number(example_path):
    set_cells(example_path, {(A, "A8"): " "})
    first = sync_file(org_profiles(), example_path, TODAY)
    assert [c.kind for c in first.changes] == ["add"]
    unit = read_checked(example_path, TODAY).unit
    assert unit.profile("K9") is not None and all(p.id for p in unit.profiles)
    assert not sync_file(org_profiles(), example_path, TODAY).changes


# -- 1. values typed into calculated value columns ----------------------------------------------------

D, E = "Plan for kompetenceudvikling", "Forankring"


def _unreadable_resources_row(path: Path) -> None:
    """A plan row whose resources give no hours ("vikardækning"), so the leader types them."""
    set_cells(path, {(D, "C6"): "Vikardækning under kursus", (D, "G6"): "Kim", (D, "I6"): "vikardækning",
                     (D, "F6"): "marts 2027", (D, "J6"): "I gang"})
    assert refresh_file(path, TODAY).written
    set_cells(path, {(D, "T6"): 37, (D, "P6"): date(2027, 3, 15)})


def test_hours_and_dates_a_leader_typed_are_kept_and_reported(example_path):
    _unreadable_resources_row(example_path)
    report = refresh_file(example_path, TODAY)
    plan = loader.load(example_path).grids[D]
    assert plan.get(6, 20) == 37 and plan.get(6, 16) == date(2027, 3, 15)
    typed = {f.cell for f in report.findings if f.code is Code.CALC_TYPED_OVER}
    assert {"T6", "P6"} <= typed
    # The values refresh wrote itself still follow the text: the end date of "marts 2027".
    set_cells(example_path, {(D, "F6"): "april 2027"})
    refresh_file(example_path, TODAY)
    plan = loader.load(example_path).grids[D]
    assert plan.get(6, 17) == date(2027, 4, 30) and plan.get(6, 20) == 37


def test_a_typed_value_is_taken_back_by_clearing_it(example_path):
    _unreadable_resources_row(example_path)
    set_cells(example_path, {(D, "P6"): None})
    report = refresh_file(example_path, TODAY)
    assert loader.load(example_path).grids[D].get(6, 16) == date(2027, 3, 1)
    assert "P6" not in {f.cell for f in report.findings if f.code is Code.CALC_TYPED_OVER}


def test_a_workbook_from_before_the_memory_keeps_what_refresh_could_not_have_written(example_path, tmp_path):
    import zipfile

    from xlkompetence.xlsx.package import sheet_parts

    _unreadable_resources_row(example_path)
    set_cells(example_path, {(D, "Q6"): date(2020, 1, 1)})  # a stale end date an older refresh wrote
    legacy = tmp_path / "gammel.xlsx"
    _without_sheet(example_path, legacy, "_xlkompetence")
    with zipfile.ZipFile(legacy) as zf:
        assert "_xlkompetence" not in sheet_parts(zf)
    report = refresh_file(legacy, TODAY)
    plan = loader.load(legacy).grids[D]
    assert plan.get(6, 20) == 37                      # refresh would write nothing there: a person's
    assert plan.get(6, 17) == date(2027, 3, 31)       # refresh writes an end date: the old one was its own
    assert "T6" in {f.cell for f in report.findings if f.code is Code.CALC_TYPED_OVER}
    import openpyxl
    assert openpyxl.load_workbook(legacy)["_xlkompetence"].sheet_state == "veryHidden"


def _without_sheet(src: Path, dst: Path, name: str) -> None:
    """``src`` as a workbook that never had sheet ``name`` (as an older version wrote it)."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    del wb[name]
    wb.save(dst)


def test_the_add_in_keeps_typed_values_too(example_path):
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    from xlkompetence.excel.addin import refresh_book

    from conftest import xlwings_payload

    _unreadable_resources_row(example_path)
    book = xw.Book(json=xlwings_payload(example_path))
    outcome = refresh_book(book, TODAY)
    names = CalamineWorkbook.from_path(str(example_path)).sheet_names
    written = set()
    for a in book.json()["actions"]:
        if a["func"] == "setValues":
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    written.add((names[a["sheet_position"]], a["start_row"] + i + 1, a["start_column"] + j + 1))
    assert (D, 6, 20) not in written and (D, 6, 16) not in written   # Timer and Start as typed
    assert (D, 6, 17) in written                                     # Slut: refresh's own
    assert {f.cell for f in outcome.findings if f.code is Code.CALC_TYPED_OVER} >= {"T6", "P6"}
    assert any(sheet == "_xlkompetence" for sheet, _, _ in written)


# -- 12. a zip bomb that lies about its sizes ------------------------------------------------------------

def _lying_bomb(example: Path, dst: Path, inflated_mb: int, target: str = "xl/worksheets/sheet4.xml") -> None:
    """``example`` with part ``target`` swapped for one that inflates to ``inflated_mb`` MB
    while the zip's headers declare the original, small size."""
    import struct
    import zipfile
    import zlib

    with zipfile.ZipFile(example) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    small = len(parts[target])
    cut = parts[target].index(b">", parts[target].index(b"?>") + 2) + 1  # after the root's start tag
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            if name == target:
                big = parts[target][:cut] + b"<!--" + b" " * (inflated_mb * 1024 * 1024) + b"-->" + parts[target][cut:]
                zout.writestr(name, big)
            else:
                zout.writestr(name, data)
    raw = bytearray(dst.read_bytes())
    name = target.encode()
    # Rewrite the uncompressed size in the local header and the central directory to ``small``.
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := raw.find(signature, pos)) >= 0:
            name_len_at = 26 if signature == b"PK\x03\x04" else 28
            n = struct.unpack_from("<H", raw, pos + name_len_at)[0]
            start = pos + (30 if signature == b"PK\x03\x04" else 46)
            if raw[start:start + n] == name:
                struct.pack_into("<I", raw, pos + size_offset, small)
            pos += 4
    dst.write_bytes(bytes(raw))
    assert zlib  # the part is deflated by zipfile


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet4.xml"])
def test_a_part_that_lies_about_its_size_is_refused_before_calamine_sees_it(example_path, tmp_path, monkeypatch, part):
    import zipfile

    from xlkompetence.xlsx import loader as loader_module

    bomb = tmp_path / "bombe.xlsx"
    _lying_bomb(example_path, bomb, inflated_mb=120, target=part)
    with zipfile.ZipFile(bomb) as zf:
        declared = sum(i.file_size for i in zf.infolist())
    assert declared < 400_000 and bomb.stat().st_size < 2 * 1024 * 1024

    reached = []

    def calamine_must_not_open(*args, **_kwargs):
        reached.append(args)
        raise RuntimeError("calamine reached a bomb")

    monkeypatch.setattr(loader_module.CalamineWorkbook, "from_path", calamine_must_not_open)
    report = read_checked(bomb, TODAY)
    assert not reached
    assert [f.code for f in report.findings] == [Code.FILE_UNREADABLE]
    assert report.exit_code is ExitCode.UNREADABLE


def test_a_part_that_truly_inflates_past_the_limit_is_refused(example_path, tmp_path, monkeypatch):
    from xlkompetence.xlsx import loader as loader_module

    monkeypatch.setattr(loader_module, "MAX_PART", 8 * 1024 * 1024)
    big = tmp_path / "stor.xlsx"
    _lying_bomb(example_path, big, inflated_mb=10)
    report = read_checked(big, TODAY)
    assert [f.code for f in report.findings] == [Code.FILE_UNREADABLE]


# -- 15. the pseudonym key ---------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["", "\n", "00" * 8, "not hex at all", "ab" * 31])
def test_an_empty_or_short_pseudonym_key_is_refused(example_path, tmp_path, content):
    from click.testing import CliRunner

    from xlkompetence.cli import cli

    key = tmp_path / "nøgle"
    key.write_text(content)
    out = tmp_path / "org.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(example_path), "-o", str(out),
                                      "--key-file", str(key), "--today", "2026-11-24"])
    assert result.exit_code == 2 and not out.exists()
    assert "nøgle" in result.output.lower() and "Traceback" not in result.output


def test_a_new_pseudonym_key_is_random_long_and_private(tmp_path):
    from xlkompetence.org.keyfile import read_or_make_key

    first = read_or_make_key(tmp_path / "a" / "key")
    assert len(first) >= 32 and (tmp_path / "a" / "key").stat().st_mode & 0o777 == 0o600
    assert read_or_make_key(tmp_path / "a" / "key") == first
    assert read_or_make_key(tmp_path / "b" / "key") != first


# -- 14. everything from a unit is data in every output, charts included -----------------------------

def test_a_formula_typed_as_a_profile_stays_text_in_the_history_workbook_and_picture(tmp_path):
    import re
    import xml.etree.ElementTree as ET
    import zipfile

    from xlkompetence.core.models import Assessment, Cover, UnitWorkbook
    from xlkompetence.org.history import load, record
    from xlkompetence.org.historybook import write_history_svg, write_history_xlsx
    from xlkompetence.core.pseudonyms import Pseudonymizer
    from xlkompetence.org.disclosure import Disclosure
    from xlkompetence.org.merge import disclosed
    from xlkompetence.org.orgplan import InputFile

    evil = "=cmd|' /C calc'!A0"
    unit = UnitWorkbook(
        cover=Cover(unit="Enhed", period="=HYPERLINK(\"x\")"), teams=("T",),
        profiles=(Profile(id=evil, strategy="S", goal="M", text="$\\frac{a$ =SUM(A1)"),),
        assessments=(Assessment(profile_id=evil, team="T", desired=4, actual=2),))
    entry = InputFile(path=tmp_path / "e.xlsx", shown="e.xlsx", unit=unit, readable=True)
    db = tmp_path / "h.sqlite"
    org = disclosed([entry], Pseudonymizer(b"k" * 32), Disclosure.NAMES, TODAY)
    record(db, org, kind="merge", output=tmp_path / "o.xlsx")
    hist = load(db)
    out = tmp_path / "u.xlsx"
    write_history_xlsx(out, hist)
    write_history_svg(tmp_path / "u.svg", hist)
    with zipfile.ZipFile(out) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/charts/"))
        formulas = re.findall(rb"<c:f>(.*?)</c:f>", xml)
        assert formulas and all(f.startswith(b"'Udvikling'!$") or f.startswith(b"Udvikling!$") for f in formulas)
        assert b"cmd|" not in xml and b"HYPERLINK" not in b"".join(formulas)
        sheet = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
        assert b"<f>" not in sheet
    legend = ET.parse(tmp_path / "u.svg").getroot().find(".//{http://www.w3.org/2000/svg}g[@class='legend']")
    texts = ["".join(entry.find("{http://www.w3.org/2000/svg}text").itertext()) for entry in legend]
    assert texts == [f"{evil} – $\\frac{{a$ =SUM(A1) (2,0)"]
