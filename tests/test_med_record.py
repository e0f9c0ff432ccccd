"""The MED record: when MED/SU discussed the unit's goals and needs and what it concluded, typed
on the MED-SU sheet, kept by every refresh (which rewrites the sheet), carried to the
organisation's MED-SU under the disclosure rules, and left in its round by next-round."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from xlkompetence.core import examples
from xlkompetence.core.findings import Code
from xlkompetence.core.labels import t
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY
from persona import Layout, individual
from test_round_holds import ok, sha
from test_round_replay import rows_of, table

pytestmark = pytest.mark.libreoffice

MED_SU = "MED-SU"
CONCLUSIONS = "MED/SU bakker op om MI-forløbet; Pia Holm er tovholder. Evalueres i juni."


def record_cells(path: Path) -> dict[str, str]:
    """The MED record's input cells, found by their labels as a leader finds them."""
    rows = rows_of(path, MED_SU)
    return {key: f"B{i}" for i, r in enumerate(rows, start=1) for key in ("discussed", "conclusions")
            if r and r[0] == t(f"committee.{key}")}


def unit_with_record(folder: Path, libreoffice, when: object = date(2026, 10, 20)) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "Bostøtten Nord.xlsx"
    unit = examples.blank("Bostøtten Nord", ("Dagteam",), organisation="Socialpsykiatrien", period="2026")
    write_unit_workbook(path, unit, today=TODAY, issued=True)
    cells = record_cells(path)
    libreoffice.edit(path, {MED_SU: {cells["discussed"]: when, cells["conclusions"]: CONCLUSIONS},
                            **individual(Layout(path), [{"Medarbejder": "Pia Holm", "Team": "Dagteam"}])})
    return path


def test_the_record_is_read_and_kept_by_every_refresh(tmp_path, libreoffice):
    path = unit_with_record(tmp_path / "runde", libreoffice)
    record = read_checked(path, TODAY).unit.committee
    assert (record.discussed, record.conclusions) == (date(2026, 10, 20), CONCLUSIONS)
    assert refresh_file(path, TODAY).written
    once = sha(path)
    assert refresh_file(path, TODAY) and sha(path) == once  # a second refresh changes nothing
    cells = record_cells(path)
    shown = {k: v for k, v in zip(("discussed", "conclusions"), (rows_of(path, MED_SU)[int(cells[k][1:]) - 1][1]
                                                                   for k in ("discussed", "conclusions")))}
    assert shown["conclusions"] == CONCLUSIONS and str(shown["discussed"]).startswith("2026-10-20")
    # Typing the record delivers the workbook.
    code, output = ok("merge", str(path.parent), "-o", str(tmp_path / "org.xlsx"), "--format", "json")
    assert code == 0 and json.loads(output)["units"] == 1


def test_a_date_that_cannot_be_read_is_kept_and_said(tmp_path, libreoffice):
    path = unit_with_record(tmp_path / "runde", libreoffice, when="efter sommerferien")
    report = read_checked(path, TODAY)
    (found,) = [f for f in report.findings if f.code == Code.COMMITTEE_DATE_INVALID]
    assert (found.sheet, found.cell) == (MED_SU, record_cells(path)["discussed"])
    refresh_file(path, TODAY)
    assert read_checked(path, TODAY).unit.committee.typed_date == "efter sommerferien"


def test_the_record_reaches_hr_as_the_disclosure_rules_let_it(tmp_path, libreoffice):
    folder = tmp_path / "runde"
    unit_with_record(folder, libreoffice)
    out = tmp_path / "organisation.xlsx"
    ok("merge", str(folder), "-o", str(out))
    row = next(r for r in table(out, MED_SU, t("committee.org_unit")) if r[t("committee.org_unit")] == "Bostøtten Nord")
    assert str(row[t("committee.org_discussed")]).startswith("2026-10-20")
    assert row[t("committee.org_conclusions")] == t("privacy.flag")  # filled in; the text stays in the unit
    ok("merge", str(folder), "-o", str(out), "--med-fritekst")
    row = next(r for r in table(out, MED_SU, t("committee.org_unit")) if r[t("committee.org_unit")] == "Bostøtten Nord")
    text = row[t("committee.org_conclusions")]
    assert "MI-forløbet" in text and "Pia Holm" not in text  # the unit's person replaced
    ok("merge", str(folder), "-o", str(out), "--med-fritekst", "--med-navne")
    row = next(r for r in table(out, MED_SU, t("committee.org_unit")) if r[t("committee.org_unit")] == "Bostøtten Nord")
    assert row[t("committee.org_conclusions")] == CONCLUSIONS


def test_next_round_leaves_the_record_in_its_round(tmp_path, libreoffice):
    path = unit_with_record(tmp_path / "runde", libreoffice)
    code, output = ok("next-round", str(path), "--out", str(tmp_path / "2027"), "--format", "json")
    assert code == 0, output
    fates = [f for file in json.loads(output)["files"] for f in file["values"] if f["sheet"] == MED_SU]
    assert sorted((f["key"], f["fate"]) for f in fates) == [("conclusions", "archived"), ("discussed", "archived")]
    record = read_checked(tmp_path / "2027" / path.name, TODAY).unit.committee
    assert (record.discussed, record.conclusions) == (None, "")
    assert read_checked(path, TODAY).unit.committee.conclusions == CONCLUSIONS  # round N's file unchanged
