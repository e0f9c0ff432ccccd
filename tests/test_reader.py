"""Reading real workbooks back: the models, the layouts leaders make, and every finding code
triggered by a real cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from xlkompetence.core import examples
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.core.findings import Code, Severity
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, needs_ref, set_cells

A, B, C, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Individuelle læringsmål",
                    "Plan for kompetenceudvikling", "Forankring", "Forside")


def read(path: Path):
    return reader.read(loader.load(path))


def test_the_concept_example_reads_back_as_written(example_path):
    written = examples.concept_example()
    unit = read(example_path).unit
    assert unit.teams == written.teams
    assert [(p.id, p.strategy, p.goal, p.text) for p in unit.profiles] == [
        (p.id, p.strategy, p.goal, p.text) for p in written.profiles]
    assert {(a.profile_id, a.team, a.desired, a.actual) for a in unit.assessments} == {
        (a.profile_id, a.team, a.desired, a.actual) for a in written.assessments}
    assert unit.team_goals == written.team_goals
    assert [g.model_dump(exclude={"row"}) for g in unit.individual_goals] == [
        g.model_dump(exclude={"row"}) for g in written.individual_goals]
    (plan,) = unit.plan
    assert plan.timeline == "April – oktober 2021" and plan.responsible == "Jette, Team B"
    assert (plan.start, plan.end) == (date(2021, 4, 1), date(2021, 10, 31))
    (anchoring,) = unit.anchoring
    assert anchoring.next_follow_up == date(2021, 11, 15)
    assert unit.cover.unit == written.cover.unit and unit.cover.teams == written.teams


def test_the_example_has_warnings_but_no_errors(example_path):
    report = read_checked(example_path, TODAY)
    assert report.exit_code == 0
    assert {f.code for f in report.findings} == {
        "level.missing", "plan.status_missing", "plan.overdue", "anchoring.follow_up_overdue",
        "thread.gap_without_activity"}
    missing = [f.cell for f in report.findings if f.code == "level.missing"]
    assert missing == [needs_ref("desired@Team D", 8), needs_ref("desired@Team C", 9), needs_ref("desired@Team D", 9),
                       needs_ref("desired@Team C", 10), needs_ref("desired@Team D", 10)]


def test_the_red_thread_is_silent_where_the_concept_links_it(example_path):
    """The appendix links K1 (Team B's gap of 2) to its plan row by the profile's text, Team B's
    learning goal to the individual goals, and (in the illustration) the anchoring row to K1.
    Only Team A's gap of 2 on K2 has no activity: the appendix leaves that plan row as "…"."""
    report = read_checked(example_path, TODAY)
    thread = [f for f in report.findings if f.code.startswith("thread.") or f.code == "needs.team_goal_missing"]
    assert [(f.code, f.cell, f.value) for f in thread] == [("thread.gap_without_activity", "A9", None)]
    assert "Team A" in thread[0].message and "K2" in thread[0].message
    (plan,) = report.unit.plan
    assert plan.profile_ids == ("K1",)
    (anchoring,) = report.unit.anchoring
    assert anchoring.profile_ids == ("K1",) and anchoring.need.startswith("Illustration")


def test_a_workbook_a_leader_reshaped_still_reads(example_path, tmp_path):
    """Columns moved, a column and a sheet added, blank rows, levels typed as text."""
    wb = openpyxl.load_workbook(example_path)
    for ws in wb.worksheets:
        ws.protection.sheet = False
    plan = wb[D]
    plan.insert_cols(1)
    plan["A4"] = "Min egen kolonne"
    plan.insert_rows(5, 2)
    needs = wb[B]
    needs["C8"] = "5 "
    needs["D8"] = "5.0"
    profiles = wb[A]
    profiles.move_range("A4:D7", rows=2, cols=1)
    wb.create_sheet("Noter")["A1"] = "Leders noter"
    wb.move_sheet(D, offset=-3)
    path = tmp_path / "omformet.xlsx"
    wb.save(path)
    report = read_checked(path, TODAY)
    unit = report.unit
    assert [p.id for p in unit.profiles] == ["K1", "K2", "K3"]
    assert report.result.sheets["profiles"].cols["id"] == 2
    k1a = next(a for a in unit.assessments if (a.profile_id, a.team) == ("K1", "Team A"))
    assert (k1a.desired, k1a.actual) == (5, 5)
    assert len(unit.plan) == 1 and unit.plan[0].row == 7 and unit.plan[0].activity == "Kursus i Åben Dialog."
    assert report.errors == 0


def test_the_appendix_layout_of_template_b_reads(tmp_path):
    """Team names in a row above bare level headers; "Teamets læringsmål" as the last row."""
    wb = openpyxl.Workbook()
    wb.active.title = A
    wb[A].append(["Nr.", "Strategi", "Mål", "Kompetenceprofil"])
    wb[A].append(["K1", "S", "M", "Vi skal kunne mestre en dialogisk tilgang."])
    wb[A].append(["K2", None, None, "Vi skal kunne anvende kommunikative metoder."])
    ws = wb.create_sheet(B)
    ws.append(["Team", "Team A", None, "Team B", None])
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    ws.append(["Nr.", "Ønsket niveau (1-5)", "Reelt niveau (1-5)", "Ønsket niveau (1-5)", "Reelt niveau (1-5)"])
    ws.append(["K1", 5, 5, 5, 3])
    ws.append(["K2", 4, 2, 3, 2])
    ws.append(["Teamets læringsmål", "Team A har behov for MI.", None, "Team B ønsker Åben Dialog.", None])
    path = tmp_path / "bilag.xlsx"
    wb.save(path)
    result = read(path)
    assert result.unit.teams == ("Team A", "Team B")
    levels = {(a.profile_id, a.team): (a.desired, a.actual) for a in result.unit.assessments}
    assert levels == {("K1", "Team A"): (5, 5), ("K1", "Team B"): (5, 3),
                      ("K2", "Team A"): (4, 2), ("K2", "Team B"): (3, 2)}
    assert [g.text for g in result.unit.team_goals] == ["Team A har behov for MI.", "Team B ønsker Åben Dialog."]
    assert result.unit.profiles[1].strategy == "S" and result.unit.profiles[1].goal == "M"


# Each finding code, triggered by typing into a real cell of the concept example.
CELL_CASES = [
    ("level.not_number", {(B, "C8"): "tre"}, B, "C8"),
    ("level.not_number", {(B, "C8"): "4-5"}, B, "C8"),
    ("level.not_whole", {(B, "C8"): 3.5}, B, "C8"),
    ("level.out_of_range", {(B, "C8"): 6}, B, "C8"),
    ("level.out_of_range", {(B, "D9"): 0}, B, "D9"),
    ("cell.error_value", {(B, "C8"): "#REF!"}, B, "C8"),
    ("timeline.unparsed", {(D, "F5"): "hele året"}, D, "F5"),
    ("timeline.end_before_start", {(D, "F5"): "1/10-2025 – 1/4-2025"}, D, "F5"),
    ("resources.unparsed", {(D, "I5"): "en del"}, D, "I5"),
    ("resources.no_unit", {(D, "I5"): "20"}, D, "I5"),
    ("resources.negative", {(D, "I5"): "-5 timer"}, D, "I5"),
    ("date.invalid", {(E, "E5"): "32/13-2025"}, E, "E5"),
    ("choice.invalid", {(D, "J5"): "Færdig"}, D, "J5"),
    ("choice.invalid", {(D, "K5"): "Midt i"}, D, "K5"),
    ("cover.unit_missing", {(F, "B5"): None}, F, None),
    ("profile.id_missing", {(A, "A6"): None}, A, "A6"),
    ("profile.id_duplicate", {(A, "A6"): "K1"}, A, "A6"),
    ("profile.text_missing", {(A, "D7"): None}, A, "D7"),
    ("profile.goal_missing", {(A, "C5"): None}, A, "C5"),
    ("profile.strategy_missing", {(A, "B5"): None}, A, "B5"),
    ("needs.unknown_profile", {(B, "A10"): "K9"}, B, "A10"),
    ("needs.duplicate_profile", {(B, "A10"): "K1"}, B, "A10"),
    ("needs.profile_not_listed", {(B, "A10"): None}, A, "A7"),
    ("individual.team_unknown", {(C, "B5"): "Team X"}, C, "B5"),
    ("plan.activity_missing", {(D, "C5"): None}, D, "C5"),
    ("plan.responsible_missing", {(D, "G5"): None}, D, "G5"),
    ("plan.status_missing", {}, D, "J5"),
    ("plan.overdue", {}, D, "Q5"),
    ("anchoring.follow_up_missing", {(E, "E5"): None}, E, "E5"),
    ("anchoring.follow_up_overdue", {}, E, "E5"),
    ("level.missing", {}, B, needs_ref("desired@Team D", 8)),
    ("column.renamed", {(D, "C4"): "Læringsaktivitt"}, D, "C4"),
    ("column.missing", {(D, "G4"): "Noget helt andet"}, D, None),
    ("column.duplicate", {(D, "R4"): "Ansvar"}, D, "R4"),
    ("team.incomplete", {(B, "D7"): "Noget helt andet"}, B, None),
    ("team.none", {(B, needs_ref(f"desired@{team}", 7)): "x" for team in examples.TEAMS}, B, None),
    # What later templates added, and the red thread between the sheets.
    ("template.older", {(B, needs_ref("team_priority@Team A", 7)): "Noget helt andet"}, F, "B9"),
    ("cover.team_size_invalid", {(F, "B13"): "tolv"}, F, "B13"),
    ("resources.not_counted", {(D, "I5"): "vikardækning"}, D, "I5"),
    ("resources.participants_unknown", {(D, "I5"): "2 dage pr. medarbejder"}, D, "I5"),
    ("profile.goal_inherited_apart", {(A, "A9"): "K4", (A, "D9"): "Vi skal kunne noget nyt."}, A, "C9"),
    ("needs.reason_missing", {(B, needs_ref("team_priority@Team B", 8)): "Ikke nu"}, B,
     needs_ref("team_reason@Team B", 8)),
    ("needs.team_goal_missing", {(B, needs_ref("desired@Team B", 4)): None}, B, needs_ref("desired@Team B", 4)),
    ("thread.need_unknown", {(D, "B5"): "K9"}, D, "B5"),
    ("thread.need_unknown", {(E, "F5"): "K7"}, E, "F5"),
    ("thread.need_unlinked", {(D, "B5"): None}, D, "B5"),
    ("thread.need_unlinked", {(D, "B5"): "Noget helt andet end profilerne"}, D, "B5"),
    ("thread.gap_without_activity", {}, B, "A9"),
    ("thread.individual_unlinked", {(C, "C5"): "Noget andet", (C, "C6"): None}, C, "C5"),
    # The round around the plan: learning forms and the year wheel on the Forside.
    ("plan.learning_form_unknown", {(D, "L5"): "Yoga"}, D, "L5"),
    ("wheel.overdue", {(F, "B21"): "1/3-2026"}, F, "B21"),
    ("wheel.date_invalid", {(F, "B21"): "32/13-2026"}, F, "B21"),
    ("thread.done_without_anchoring", {(D, "J5"): "Gennemført", (E, "F5"): None}, D, "J5"),
]


@pytest.mark.parametrize(("code", "typed", "sheet", "cell"), CELL_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CELL_CASES)])
def test_each_finding_code_names_its_sheet_and_cell(example_path, code, typed, sheet, cell):
    if typed:
        set_cells(example_path, typed)
    report = read_checked(example_path, TODAY)
    hits = [f for f in report.findings if f.code == code]
    assert hits, [f.text() for f in report.findings]
    assert any(f.sheet == sheet and f.cell == cell for f in hits), [f.text() for f in hits]
    f = hits[0]
    assert f.severity is Code(code).severity
    assert f.file == str(example_path)
    assert f.message and f.message[0].isupper()
    if code in ("level.not_number", "level.not_whole", "level.out_of_range"):
        assert f.severity is Severity.ERROR and report.exit_code == 1


def test_a_missing_sheet_is_reported_and_the_rest_still_read(example_path, tmp_path):
    wb = openpyxl.load_workbook(example_path)
    del wb[E]
    path = tmp_path / "uden-forankring.xlsx"
    wb.save(path)
    report = read_checked(path, TODAY)
    assert [f.sheet for f in report.findings if f.code == "sheet.missing"] == [E]
    assert len(report.unit.profiles) == 3 and report.unit.anchoring == ()


def test_every_code_in_the_catalogue_is_exercised():
    exercised = {c[0] for c in CELL_CASES} | {"sheet.missing", "calc.typed_over", "calc.differs", "sync.id_conflict", "file.read_only",
                                             "file.external_links", "findings.more", "file.write_failed", "merge.duplicate_file", "merge.duplicate_unit",
                                             "merge.profile_text_differs", "merge.profile_id_conflict",
                                             "merge.profiles_look_alike", "file.not_found", "file.unreadable",
                                             "file.encrypted", "file.unsupported", "file.locked", "file.changed",
                                             "thread.not_started", "mus.conflict", "mus.not_a_sheet",
                                             "mus.other_unit"}
    # Whose MUS/PUS sheet it is and what in it cannot be used (test_mus.py), and names in the
    # texts that leave (test_privacy.py).
    exercised |= {"mus.unsigned", "mus.edited", "mus.copied", "mus.other_round", "mus.value_unusable",
                  "privacy.names_person", "privacy.maybe_name"}
    # The round's codes are about HR's list and the round's files, exercised in test_round.py.
    exercised |= {"roster.unreadable", "roster.column_missing", "roster.empty", "roster.unit_missing",
                  "roster.unit_twice", "roster.teams_missing", "roster.team_invalid", "roster.file_name_clash",
                  "roster.extra_cells", "rollout.exists", "round.not_delivered", "round.unexpected",
                  "next.target_exists"}
    # A real round's codes, exercised in test_round_holds.py.
    exercised |= {"file.not_unit", "round.unchanged", "next.left_behind", "next.failed", "merge.other_round",
                  "roster.no_header"}
    # The addresses on the round's list and on the employees' address list, exercised in test_mail.py.
    exercised |= {"roster.email_invalid", "address.unreadable", "address.no_header", "address.email_invalid",
                  "address.twice"}
    # HR's employee list and the names resolved against the sheet Medarbejdere, in test_employees.py.
    exercised |= {"employees.unreadable", "employees.no_header", "employees.column_missing", "employees.name_missing",
                  "employees.unit_missing", "employees.unit_unknown", "employees.team_missing",
                  "employees.team_unknown", "employees.date_invalid", "employees.email_invalid", "employees.twice",
                  "employee.team_unknown", "employee.name_unknown", "employee.name_ambiguous"}
    # HR's year wheel in the units, exercised in test_org_wheel.py.
    exercised |= {"sync.wheel_kept"}
    # The MED record on the MED-SU sheet, exercised in test_med_record.py.
    exercised |= {"committee.date_invalid"}
    assert {c.value for c in Code} == exercised
