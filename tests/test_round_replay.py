"""A whole round, replayed as HR and five leaders live it.

HR rolls out five units from its list with the organisation's profiles. Five leaders:
careful (types everything, in LibreOffice), sloppy (levels as words, a date as "efter nytår",
no one responsible, in code), one who types over calculated cells (removing the sheet's
protection, in LibreOffice), one who fills half (through openpyxl, which loads and saves the
whole workbook), and one who never types (but opens and saves in LibreOffice). The careful unit's employees get MUS/PUS sheets, one comes back filled in. HR merges
with the round's list, watch sees one more change, the whole folder goes into the next
round, and the next round is merged. HR's employee list (a payroll export, 10–25 people per
unit) goes out with the roll-out: every unit lists its people, the careful leader sees who has
had no conversation yet, one of her teams holds its TUS as this round's conversation, and HR
reads the personal and the group goals as two figures, never names. HR's year wheel (MED/SU's
discussion, the top MED's evaluation of MUS) reaches every unit at roll-out, a date HR moves
reaches them by sync, and next-round moves them a year on. After the merge HR reminds by mail: exactly the units
that need it get a draft, each holding its own unit's data only. Nothing may end in a
traceback; every exit code, the round's status and the figures HR reads are checked; round N's
files stay byte for byte.

Features that change a round join this replay."""

from __future__ import annotations

import json
from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.core.labels import t
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.validate import read_checked
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells
from persona import (B, C, F, Layout, anchoring, individual, individual_of, levels, merged, plan, wheel_dates)
from test_round_holds import HEADERS, ok, tree, write_list

pytestmark = pytest.mark.libreoffice

UNITS = {
    "careful": ("Bostøtten Nord", "Anne Holm", "Dagteam (10); Aftenteam (8); Ledergruppen (2)"),
    "sloppy": ("Værestedet Syd", "Bo Dahl", "Hele huset (12)"),
    "over": ("Botilbuddet Solhjem", "Lise Berg", "Team A (9); Team B (7)"),
    "half": ("Natcaféen", "", "Nattevagt (10)"),
    "never": ("Skæve Boliger Øst", "", "Team 1 (12)"),
}
_FIRST = ("Mette", "Lars", "Sofie", "Jens", "Hanne", "Peter", "Louise", "Mads", "Camilla", "Søren", "Line", "Henrik",
          "Maria", "Thomas", "Julie", "Rasmus", "Birgitte", "Niels", "Tina", "Jakob", "Karen", "Morten", "Helle")
_LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen")
# Those the leaders write about, by the names the payroll system has for them.
_KNOWN = {("Bostøtten Nord", "Dagteam", 0): "Pia Holm", ("Bostøtten Nord", "Aftenteam", 0): "Ole Berg",
          ("Værestedet Syd", "Hele huset", 0): "Kim Sørensen"}


def employee_rows() -> list[list]:
    """HR's payroll export: every unit's people, team by team, as many as its list says."""
    rows = []
    for u, (unit, _, teams) in enumerate(UNITS.values()):
        i = 0
        for part in teams.split(";"):
            team, n = part.strip().rsplit(" (", 1)
            for k in range(int(n.rstrip(")"))):
                name = _KNOWN.get((unit, team, k)) or f"{_FIRST[i]} {_LAST[u]}"
                rows.append([name, unit, team, date(2015 + i % 10, 1 + i % 12, 1), f"{name.split()[0].lower()}.{u}@kommune.dk"])
                i += 1
    return rows
# The leaders' addresses on HR's list.
EMAILS = {"Bostøtten Nord": "anne.holm@kommune.dk", "Værestedet Syd": "bo.dahl@kommune.dk",
          "Botilbuddet Solhjem": "lise.berg@kommune.dk", "Natcaféen": "natcafeen@kommune.dk",
          "Skæve Boliger Øst": "skaeve.boliger@kommune.dk"}
# What the leaders typed about their employees: never in a mail to HR's leaders.
PERSONAL = ("Pia Holm", "Ole Berg", "Kim", "Blive tryg i MI-samtaler", "Sparring med Ole", "efter nytår")
FORM = {k: t(f"learning_form.{k}") for k in ("internal_teaching", "side_by_side", "short_course")}
STATUS = {k: t(f"plan_status.{k}") for k in ("in_progress", "done", "not_started")}
# The dates HR sets in the organisation template's year wheel.
MED, TOP_MED = t("wheel.committee"), t("wheel.top_committee")
HR_DATES = {MED: date(2027, 1, 12), TOP_MED: date(2027, 1, 26)}
# When the careful unit's MED/SU discussed its goals and needs.
MED_DAY = date(2026, 10, 28)


def rows_of(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def table(path: Path, sheet: str, first: str) -> list[dict]:
    """A sheet's table as dicts, its header the row that begins with ``first``."""
    rows = rows_of(path, sheet)
    at = next(i for i, r in enumerate(rows) if r and r[0] == first)
    header = rows[at]
    return [dict(zip(header, r)) for r in rows[at + 1:] if r and r[0] not in ("", None)]


def suggested(path: Path) -> list[str]:
    """The profiles the lines of a unit's Forslag suggest an activity for."""
    rows = rows_of(path, "Forslag")
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Tag med")
    return [r[1] for r in rows[at + 1:] if len(r) > 1 and r[1]]


def beside(path: Path, sheet: str, label: str) -> object:
    """The value right of the first cell of ``sheet`` that holds ``label``."""
    return next(r[i + 1] for r in rows_of(path, sheet) for i, v in enumerate(r[:-1]) if v == label)


def key_figure(path: Path, label: str) -> object:
    return next(r[1] for r in rows_of(path, "Overblik") if r and r[0] == label)


def with_openpyxl(path: Path, cells: dict[str, dict[str, object]]) -> None:
    """Typed by a program that loads and saves the whole workbook (openpyxl): what Excel keeps in
    extensions is lost on the way, the cells a person typed are there."""
    wb = openpyxl.load_workbook(path)
    for sheet, values in cells.items():
        for cell, value in values.items():
            wb[sheet][cell] = value
    wb.save(path)


def careful(layout: Layout) -> dict:
    return merged(
        levels(layout, [("K1", {"Dagteam": (5, 3), "Aftenteam": (4, 3), "Ledergruppen": (4, 4)}),
                        ("K2", {"Dagteam": (4, 4), "Aftenteam": (4, 2), "Ledergruppen": (5, 3)}),
                        # K3 is new to the day team, and nothing is planned or decided for it yet.
                        ("K3", {"Dagteam": (4, 2), "Aftenteam": (3, 3), "Ledergruppen": ("Ikke relevant", None)})]),
        {B: {layout.team_cell("Dagteam", "Teamets læringsmål"): "Vi vil føre åbne samtaler med MI.",
             layout.team_cell("Aftenteam", "Teamets læringsmål"): "Vi vil bruge netværket omkring borgeren.",
             # K2 now for the evening team, whose plan has it; the leaders wait, and say why.
             layout.cell(B, "Aftenteam: Prioritet", 1): "Kort sigt",
             layout.cell(B, "Ledergruppen: Prioritet", 1): "Ikke nu",
             layout.cell(B, "Ledergruppen: Begrundelse", 1): "Ledergruppen tager K2 efter omstruktureringen."}},
        {"MED-SU": {layout.labelled("MED-SU", t("committee.discussed")): MED_DAY,
                    layout.labelled("MED-SU", t("committee.conclusions")): "MED/SU støtter MI-temadagen."}},
        plan(layout, [
            {"Medarbejdere": "Alle medarbejdere og ledelsen", "Kompetencebehov": "K1",
             "Læringsaktivitet": "Temadag om MI 12. marts 2026", "Ansvar": "Anne Holm", "Tidsplan": "marts 2026",
             "Ressourceforbrug": "6 timer pr. medarbejder", "Status": STATUS["done"],
             "Læringsform": FORM["internal_teaching"]},
            {"Medarbejdere": "Hele Aftenteam", "Kompetencebehov": "K2",
             "Læringsaktivitet": "Sidemandsoplæring i netværksmøder", "Ansvar": "Anne Holm", "Tidsplan": "2026",
             "Ressourceforbrug": "2 timer pr. medarbejder", "Status": STATUS["in_progress"],
             "Læringsform": FORM["side_by_side"]}]),
        individual_of(layout, {"Pia Holm": {"Aftalt ved MUS/PUS (dato)": date(2026, 9, 15)},
                               "Ole Berg": {"Aftalt ved MUS/PUS (dato)": date(2026, 10, 1)}}),
        # Aftenteam's conversation this round is its TUS (seed 004), held in October.
        {F: {layout.team_form("Aftenteam"): "TUS"},
         B: {layout.team_cell("Aftenteam", "Drøftet på TUS (dato)"): date(2026, 10, 20)}},
        anchoring(layout, [{"Kompetencebehov/formål": "MI i hverdagen", "Fungerer": "Samtalerne er roligere",
                            "Næste opfølgning": date(2027, 1, 15), "Profilnr.": "K1"}]),
        wheel_dates(layout, {"Vurdering af kompetencer": date(2026, 9, 1), "MUS/PUS": date(2026, 10, 1)},
                    done=("Vurdering af kompetencer", "MUS/PUS")))


def sloppy(layout: Layout) -> dict[tuple[str, str], object]:
    cells = merged(
        levels(layout, [("K1", {"Hele huset": ("4 ", "fire")}), ("K2", {"Hele huset": (4, " 2")})]),
        plan(layout, [{"Medarbejdere": "hele huset", "Læringsaktivitet": "kursus", "Ressourceforbrug": "2 dage"}]),
        individual(layout, [{"Medarbejder": "Kim", "Team": "Hele huset", "Næste opfølgning": "efter nytår"}]))
    return {(sheet, cell): value for sheet, values in cells.items() for cell, value in values.items()}


def over_typer(layout: Layout) -> dict:
    return merged(
        levels(layout, [("K1", {"Team A": (5, 2), "Team B": (4, 4)})]),
        plan(layout, [{"Medarbejdere": "Hele Team A", "Kompetencebehov": "K1", "Læringsaktivitet": "Kursus i recovery",
                       "Ansvar": "Lise Berg", "Tidsplan": "2026", "Ressourceforbrug": "10 timer pr. medarbejder",
                       "Status": STATUS["not_started"], "Læringsform": FORM["short_course"],
                       # typed over what the workbook calculates
                       "Timer": 100}]),
        {B: {layout.cell(B, "Team A: Gab"): 1}})


def body(mail) -> str:
    """A mail's text (a reminder with the unit's calendar attached is in several parts)."""
    return mail.get_body(preferencelist=("plain",)).get_content()


def hr_wheel(path: Path) -> dict[str, date | None]:
    """HR's events in a unit's year wheel and their dates."""
    return {e.event: e.when for e in read_checked(path, TODAY).unit.cover.wheel if e.org}


def test_a_whole_round_replayed(tmp_path, libreoffice):
    org_template = tmp_path / "organisation-skabelon.xlsx"
    write_unit_workbook(org_template, examples.concept_example(), today=TODAY)
    wheel = Layout(org_template)
    libreoffice.edit(org_template, {F: {wheel.wheel(event): when for event, when in HR_DATES.items()}})
    folder = tmp_path / "runde-2026"
    listing = write_list(tmp_path / "enheder.xlsx", [["Socialpsykiatrien", unit, leader, teams, "2026", EMAILS[unit]]
                                                     for unit, leader, teams in UNITS.values()],
                         headers=[*HEADERS, "E-mail"])

    people = write_list(tmp_path / "medarbejdere.xlsx", employee_rows(),
                        headers=["Medarbejdernavn", "Arbejdssted", "Team", "Ansættelsesdato", "Arbejdsmail"])
    names = [r[0] for r in employee_rows()]

    # -- roll-out ---------------------------------------------------------------------------
    code, output = ok("rollout", str(listing), "--org", str(org_template), "--out", str(folder),
                      "--medarbejdere", str(people))
    assert code == 0 and output.count("oprettet (") == 5, output
    path = {who: folder / f"{unit}.xlsx" for who, (unit, _, _) in UNITS.items()}
    assert all(hr_wheel(p) == HR_DATES for p in path.values())
    out = tmp_path / "organisation.xlsx"
    code, output = ok("merge", str(folder), "-o", str(out), "--expected", str(listing), "--format", "json")
    status = json.loads(output)["round"]
    assert status["delivered"] == 0 and len(status["unchanged"]) == 5

    # -- five leaders ---------------------------------------------------------------------------
    libreoffice.edit(path["careful"], careful(Layout(path["careful"])))
    set_cells(path["sloppy"], sloppy(Layout(path["sloppy"])))
    libreoffice.edit(path["over"], over_typer(Layout(path["over"])), unprotect=True)
    with_openpyxl(path["half"], {B: {Layout(path["half"]).level("Nattevagt", "Ønsket", 0): 4}})
    libreoffice.edit(path["never"], {})  # opened and saved, nothing typed

    # -- HR moves the top MED's evaluation: every unit gets the new date ----------------------------
    hr_dates = {**HR_DATES, TOP_MED: date(2027, 2, 2)}
    libreoffice.edit(org_template, {F: {wheel.wheel(TOP_MED): hr_dates[TOP_MED]}})
    code, output = ok("sync", str(org_template), *map(str, path.values()))
    assert code == 1 and output.count(t("sync.change.wheel_move", profile=TOP_MED, text="02-02-2027")) == 5, output
    assert all(hr_wheel(p) == hr_dates for p in path.values())

    # -- MUS/PUS: a sheet each, one comes back filled in -------------------------------------------
    mus = tmp_path / "mus-2026"
    code, output = ok("mus", "skriv", str(path["careful"]), "-o", str(mus))
    assert code == 0
    sheets = {p.stem for p in mus.glob("*.xlsx")}
    assert {"MUS-PUS Pia Holm", "MUS-PUS Ole Berg"} <= sheets and len(sheets) == 20  # everyone on the list
    pia = mus / "MUS-PUS Pia Holm.xlsx"
    field = {r[0]: f"B{i}" for i, r in enumerate(rows_of(pia, "MUS-PUS"), start=1) if r and r[0]}
    libreoffice.edit(pia, {"MUS-PUS": {field[t("mus.personal_goal")]: "Blive tryg i MI-samtaler",
                                       field[t("mus.activities")]: "Sparring med Ole",
                                       field[t("mus.mus_date")]: date(2026, 9, 15),
                                       field[t("mus.next_follow_up")]: date(2027, 3, 1)}})
    code, output = ok("mus", "hent", str(path["careful"]), str(mus))
    assert code in (0, 1), output
    goals = {g["Medarbejder"]: g for g in table(path["careful"], C, "Medarbejder")}
    assert goals["Pia Holm"]["Personlige læringsmål"] == "Blive tryg i MI-samtaler"

    # -- merge with the round's status -------------------------------------------------------------
    db = tmp_path / "historik.sqlite"
    code, output = ok("merge", str(folder), "-o", str(out), "--expected", str(listing), "--db", str(db),
                      "--format", "json")
    data = json.loads(output)
    assert code == 1  # the sloppy unit has errors
    status = data["round"]
    units = {u["unit"]: u for u in status["units"]}
    assert status["delivered"] == 4 and status["unchanged"] == ["Skæve Boliger Øst"]
    assert {u: units[u]["delivered"] for u in units} == {
        "Bostøtten Nord": "yes", "Værestedet Syd": "yes", "Botilbuddet Solhjem": "yes", "Natcaféen": "yes",
        "Skæve Boliger Øst": "unchanged"}
    assert units["Værestedet Syd"]["errors"] >= 2
    assert units["Botilbuddet Solhjem"]["typed_over"] >= 1
    # What HR reads: MUS held (Pia, and Aftenteam's 8 at their TUS, of the careful unit's 20), the
    # two kinds of goal apart (Pia's own; Dagteam's goal taken up at Pia's MUS, Aftenteam's at its
    # TUS), participants and staff hours.
    careful_unit = units["Bostøtten Nord"]
    assert careful_unit["mus_held"] == pytest.approx(9 / 20)
    assert (careful_unit["personal_goals"], careful_unit["group_goals"]) == (pytest.approx(1 / 20), pytest.approx(9 / 20))
    assert {u: units[u]["mus_held"] for u in units if u != "Bostøtten Nord"} == dict.fromkeys(
        ["Værestedet Syd", "Botilbuddet Solhjem", "Natcaféen", "Skæve Boliger Øst"], 0)
    # Who has had no conversation yet: the leader's Overblik names them; HR's workbook names nobody.
    lacking = [r["Medarbejder"] for r in table(path["careful"], "Overblik", "Medarbejder")
               if r.get("Holdt i runden") == t("ov.people.none")]
    assert len(lacking) == 11 and "Pia Holm" not in lacking and "Ole Berg" not in lacking
    org_cells = {str(v) for sheet in CalamineWorkbook.from_path(str(out)).sheet_names
                 for r in rows_of(out, sheet) for v in r}
    assert not [n for n in names if any(n in v for v in org_cells)]
    rows = {(r["Enhed"], r["Læringsaktivitet"]): r for r in table(out, "Plan", "Enhed")}
    temadag = rows[("Bostøtten Nord", "Temadag om MI 12. marts 2026")]
    assert (temadag["Deltagere"], temadag["Timer"]) == (20, 120)
    assert rows[("Bostøtten Nord", "Sidemandsoplæring i netværksmøder")]["Timer"] == 16
    assert rows[("Botilbuddet Solhjem", "Kursus i recovery")]["Timer"] == 90  # calculated, not the 100 typed
    assert key_figure(out, t("org.ov.hours")) == pytest.approx(120 + 16 + 90 + 2 * 7.4)
    assert key_figure(out, t("org.ov.leader_hours")) == pytest.approx(12)
    # The careful leader decided per team and answered "Ikke relevant" for her leaders' K3: HR
    # finds nothing missing in her unit, and of her needs without an activity only the day
    # team's K3, for which nothing is planned or decided yet.
    assert [(r["Team"], r["Nr."]) for r in table(out, "Behov uden aktivitet", "Enhed")
            if r["Enhed"] == "Bostøtten Nord"] == [("Dagteam", "K3")]
    assert units["Bostøtten Nord"]["assessed"] == 1
    # Her MED record reaches HR: the date, and that conclusions are there (their text stays home).
    med = {r[t("committee.org_unit")]: r for r in table(out, "MED-SU", t("committee.org_unit"))}
    assert str(med["Bostøtten Nord"][t("committee.org_discussed")]).startswith(MED_DAY.isoformat())
    assert med["Bostøtten Nord"][t("committee.org_conclusions")] == t("privacy.flag")
    assert med["Værestedet Syd"][t("committee.org_discussed")] in ("", None)
    # Suggestions stand on the careful unit's Forslag, counted nowhere; no hours are "uden fase"
    # and every row has a learning form, though only one leader typed Læringsform and none Fase.
    assert suggested(path["careful"]) == ["K3"]
    assert beside(out, "Overblik", t("ov.phase_missing")) == 0
    assert all(r["Læringsform"] for r in rows.values())
    before = tree(folder)

    # -- HR chases by mail: the unit that never typed, and the sloppy one with errors ---------------
    drafts = tmp_path / "påmindelser"
    code, output = ok("remind", str(folder), "--expected", str(listing), "--out", str(drafts), "--deadline",
                      "2026-12-15", "--mail-config", str(tmp_path / "xlkompetence-mail.json"))
    assert code == 0, output
    mails = {p.stem.removeprefix("Påmindelse "): message_from_bytes(p.read_bytes(), policy=default)
             for p in drafts.glob("*.eml")}
    assert sorted(mails) == ["Skæve Boliger Øst", "Værestedet Syd"]
    for unit, mail in mails.items():
        assert mail["X-Unsent"] == "1" and [a.addr_spec for a in mail["To"].addresses] == [EMAILS[unit]]
        text = body(mail)
        others = [x for u, leader, _ in UNITS.values() if u != unit for x in (u, leader, EMAILS[u]) if x]
        assert unit in text and not [x for x in [*others, *PERSONAL] if x in text], text
    assert t("mail.reminder.unchanged") in body(mails["Skæve Boliger Øst"])
    assert "fejl skal rettes:" in body(mails["Værestedet Syd"])
    # HR's year wheel goes with each mail as the unit's calendar.
    assert all(any(p.get_content_type() == "text/calendar" for p in m.iter_attachments()) for m in mails.values())
    assert tree(folder) == before  # the units' workbooks only read

    # -- watch sees one more change ----------------------------------------------------------------
    watcher = Watcher(folder, tmp_path / "watch.xlsx", tmp_path / "watch.sqlite", settle=0, today=lambda: TODAY,
                      expected=listing)
    org = watcher.step(now=100.0)
    assert org is not None and org.round is not None
    half_before = next(u for u in org.round.units if u.unit == "Natcaféen").assessed
    set_cells(path["half"], {(B, Layout(path["half"]).level("Nattevagt", "Reelt", 0)): 3})
    org = watcher.step(now=200.0)
    assert org is not None and org.round is not None
    half_after = next(u for u in org.round.units if u.unit == "Natcaféen").assessed
    assert half_after is not None and (half_before or 0) < half_after
    before = tree(folder)

    # -- the next round ------------------------------------------------------------------------------
    nxt = tmp_path / "runde-2027"
    code, output = ok("next-round", str(folder), "--out", str(nxt), "--format", "json")
    assert code == 0, output
    carried = json.loads(output)["files"]
    assert sorted(Path(f["target"]).name for f in carried if f["written"]) == sorted(p.name for p in path.values())
    assert tree(folder) == before  # round N only read
    code, output = ok("merge", str(nxt), "-o", str(tmp_path / "organisation-2027.xlsx"), "--expected", str(listing),
                      "--format", "json")
    status = json.loads(output)["round"]
    assert status["delivered"] == 0 and len(status["unchanged"]) == 5
    # Carried into 2027: no conversation and no goal of the new round before any is held.
    carried_unit = next(u for u in status["units"] if u["unit"] == "Bostøtten Nord")
    assert (carried_unit["mus_held"], carried_unit["personal_goals"], carried_unit["group_goals"]) == (0, 0, 0)
    assert tree(folder) == before
    # The careful unit's finished temadag went to the catalogue; last round's levels stand beside.
    new = Layout(nxt / path["careful"].name)
    assert new.value(B, new.cell(B, "Dagteam: Reelt niveau (sidste runde)", 0)) == 3
    # HR's dates a year on in every unit, still HR's; round 2026's, not done, stay visible.
    for p in path.values():
        moved = hr_wheel(nxt / p.name)
        assert {e: moved[e] for e in hr_dates} == {e: d.replace(year=d.year + 1) for e, d in hr_dates.items()}
        assert moved[t("wheel.pending", event=TOP_MED, period="2026")] == hr_dates[TOP_MED]

    # -- the careful leader takes a suggestion with one cell; the next refresh makes it a plan row --
    forslag = rows_of(path["careful"], "Forslag")
    at = next(i for i, r in enumerate(forslag) if r and r[0] == "Tag med")
    line = next(i for i, r in enumerate(forslag[at + 1:], start=at + 2) if r[1] == "K3")
    libreoffice.edit(path["careful"], {"Forslag": {f"A{line}": "Ja"}})
    code, output = ok("refresh", str(path["careful"]))
    assert code in (0, 1), output
    code, output = ok("merge", str(folder), "-o", str(out), "--expected", str(listing), "--format", "json")
    taken = [r for r in table(out, "Plan", "Enhed") if r["Enhed"] == "Bostøtten Nord" and r["Kompetencebehov"] == "K3"]
    assert len(taken) == 1 and taken[0]["Læringsform"] == t("learning_form.short_course")
    assert taken[0]["Deltagere"] == 10 and taken[0]["Timer"] == pytest.approx(10 * 14.8)
    assert suggested(path["careful"]) == []
