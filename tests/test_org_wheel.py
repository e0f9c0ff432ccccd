"""HR's year wheel: the dates HR sets in the organisation template's Årshjul reach every unit's
Forside by rollout and sync, locked there, beside the unit's own events; a date HR moves
follows, never over a date someone in the unit typed; next-round moves them a year on, and
the calendar keeps each event's id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from xlkompetence.core import examples
from xlkompetence.core.labels import t
from xlkompetence.core.messages import wheel_calendar
from xlkompetence.core.models import WheelEvent
from xlkompetence.core.schema import wheel_events
from xlkompetence.org.sync import sync_paths
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, set_cells
from persona import F, Layout
from test_round_holds import HEADERS, ok, write_list

pytestmark = pytest.mark.libreoffice

MUS = "MUS/PUS"
TOP_MED = t("wheel.top_committee")
MED = t("wheel.committee")


def org_template(path: Path, libreoffice, dates: dict[str, date]) -> Path:
    """The organisation template as HR makes it (``new``) and dates its wheel in LibreOffice."""
    if not path.exists():
        write_unit_workbook(path, examples.concept_example(), today=TODAY)
    layout = Layout(path)
    libreoffice.edit(path, {F: {layout.wheel(event): when for event, when in dates.items()}})
    return path


def rolled_out(tmp_path: Path, libreoffice) -> tuple[Path, dict[str, Path]]:
    template = org_template(tmp_path / "organisation-skabelon.xlsx", libreoffice,
                            {MUS: date(2026, 3, 2), TOP_MED: date(2026, 12, 7)})
    listing = write_list(tmp_path / "enheder.xlsx", [["Socialpsykiatrien", unit, "", teams, "2026"]
                                                     for unit, teams in (("Bostøtten Nord", "Dagteam (10)"),
                                                                         ("Værestedet Syd", "Hele huset (12)"))],
                         headers=HEADERS)
    code, output = ok("rollout", str(listing), "--org", str(template), "--out", str(tmp_path / "runde"))
    assert code == 0, output
    return template, {u: tmp_path / "runde" / f"{u}.xlsx" for u in ("Bostøtten Nord", "Værestedet Syd")}


def wheel_of(path: Path) -> dict[str, WheelEvent]:
    return {e.event: e for e in read_checked(path, TODAY).unit.cover.wheel if e.event}


def test_the_usual_events_include_med_su_and_the_top_med():
    assert MED in wheel_events() and TOP_MED in wheel_events()
    assert "MED/SU" in MED and "Hoved-MED" in TOP_MED


def test_hr_dates_reach_every_unit_locked_beside_the_units_own(tmp_path, libreoffice):
    _, units = rolled_out(tmp_path, libreoffice)
    for path in units.values():
        wheel = wheel_of(path)
        assert (wheel[MUS].when, wheel[MUS].org) == (date(2026, 3, 2), True)
        assert (wheel[TOP_MED].when, wheel[TOP_MED].org) == (date(2026, 12, 7), True)
        # The events HR left without a date are the unit's to date, each once.
        assert {e for e, w in wheel.items() if not w.org} == set(wheel_events()) - {MUS, TOP_MED}
        layout = Layout(path)
        ws = openpyxl.load_workbook(path)[F]
        assert ws.protection.sheet
        for event in (MUS, TOP_MED):
            assert ws[layout.wheel(event, 1)].protection.locked and ws[layout.wheel(event, 2)].protection.locked
            assert ws[layout.wheel(event, 5)].value == t("org_status.active")
            assert not ws[layout.wheel(event, 3)].protection.locked  # Udført is the unit's to mark
        assert not ws[layout.wheel(MED, 2)].protection.locked
        # The leader cannot type over HR's date; her own events she dates as before.
        with pytest.raises(Exception, match="låst"):
            libreoffice.edit(path, {F: {layout.wheel(MUS): date(2026, 4, 1)}})
        libreoffice.edit(path, {F: {layout.wheel(MED): date(2026, 5, 4), layout.wheel(MUS, 3): "Ja"}})
        wheel = wheel_of(path)
        assert wheel[MED].when == date(2026, 5, 4) and not wheel[MED].org and wheel[MUS].done


def test_sync_moves_hr_dates_never_over_a_date_the_unit_typed(tmp_path, libreoffice):
    template, units = rolled_out(tmp_path, libreoffice)
    north, south = units["Bostøtten Nord"], units["Værestedet Syd"]
    libreoffice.edit(north, {F: {Layout(north).wheel(MED): date(2026, 5, 4)}})
    # In the south the leader removes the sheet's protection and types her own MUS date.
    libreoffice.edit(south, {F: {Layout(south).wheel(MUS): date(2026, 4, 20)}}, unprotect=True)
    before = {p: [e.uid for e in wheel_calendar(read_checked(p, TODAY).unit) if e.summary.startswith(MUS)]
              for p in (north, south)}
    # HR moves MUS, dates MED/SU's discussion (the units' own event of that name) and adds one.
    org_template(template, libreoffice, {MUS: date(2026, 3, 16), MED: date(2026, 6, 1)})
    reports = {r.path: r for r in sync_paths(template, [north, south], TODAY)}
    assert all(r.written for r in reports.values())
    north_wheel, south_wheel = wheel_of(north), wheel_of(south)
    assert (north_wheel[MUS].when, north_wheel[MUS].org) == (date(2026, 3, 16), True)
    assert south_wheel[MUS].when == date(2026, 4, 20)  # typed in the unit: kept
    kept = [f for f in reports[south].findings if f.code == "sync.wheel_kept"]
    assert [f.cell for f in kept] == [Layout(south).wheel(MUS)] and "16-03-2026" in kept[0].message
    assert not [f for f in reports[north].findings if f.code == "sync.wheel_kept"]
    # MED/SU: the north unit had dated it itself, so HR's stands beside it; the south unit's
    # undated row became HR's.
    north_med = [e for e in read_checked(north, TODAY).unit.cover.wheel if e.event == MED]
    assert sorted((e.when, e.org) for e in north_med) == [(date(2026, 5, 4), False), (date(2026, 6, 1), True)]
    assert [(e.when, e.org) for e in read_checked(south, TODAY).unit.cover.wheel if e.event == MED] == [
        (date(2026, 6, 1), True)]
    # The calendar entry of a moved event keeps its id.
    after = [e for e in wheel_calendar(read_checked(north, TODAY).unit) if e.summary.startswith(MUS)]
    assert [e.uid for e in after] == before[north] and after[0].day == date(2026, 3, 16)
    # Run again: nothing to change.
    again = sync_paths(template, [north, south], TODAY)
    assert not any(r.written for r in again)


def test_a_unit_of_an_older_template_gets_hr_dates_and_keeps_its_own(tmp_path, libreoffice):
    template = org_template(tmp_path / "org.xlsx", libreoffice, {MUS: date(2026, 3, 2)})
    path = tmp_path / "enhed.xlsx"
    write_unit_workbook(path, examples.blank("Natcaféen", ("Nattevagt",), period="2026"), today=TODAY)
    layout = Layout(path)
    header = layout.wheel(t("wheel.event"), 5)
    # A Forside from before HR's column (template 4), a date the leader typed for her own TUS.
    set_cells(path, {(F, header): None, (F, layout.wheel("TUS")): date(2026, 2, 2),
                     (F, layout.wheel(MUS)): date(2026, 3, 9)})
    assert not any(e.org for e in wheel_of(path).values())
    report, = sync_paths(template, [path], TODAY)
    assert report.written
    events = read_checked(path, TODAY).unit.cover.wheel
    assert sorted((e.event, e.when, e.org) for e in events if e.event in (MUS, "TUS")) == [
        (MUS, date(2026, 3, 2), True), (MUS, date(2026, 3, 9), False), ("TUS", date(2026, 2, 2), False)]
    ws = openpyxl.load_workbook(path)[F]
    assert ws[header].value == t("wheel.org")


def test_next_round_moves_hr_events_and_keeps_a_pending_one(tmp_path, libreoffice):
    _, units = rolled_out(tmp_path, libreoffice)
    north = units["Bostøtten Nord"]
    libreoffice.edit(north, {F: {Layout(north).wheel(MUS, 3): "Ja"}})
    code, output = ok("next-round", str(north), "--out", str(tmp_path / "runde-2027"))
    assert code == 0, output
    nxt = tmp_path / "runde-2027" / north.name
    events = read_checked(nxt, TODAY).unit.cover.wheel
    by_name = {(e.event, e.when): e.org for e in events}
    assert by_name[(MUS, date(2027, 3, 2))] and by_name[(TOP_MED, date(2027, 12, 7))]
    # The top MED's evaluation of round 2026 is not done yet: it stays, marked with its round.
    pending = t("wheel.pending", event=TOP_MED, period="2026")
    assert (pending, date(2026, 12, 7)) in by_name
    ws = openpyxl.load_workbook(nxt)[F]
    layout = Layout(nxt)
    assert ws[layout.wheel(MUS, 2)].protection.locked and ws[layout.wheel(pending, 2)].protection.locked
