"""HR chases the round by mail: reminders to leaders, invitations to employees, the year wheel
in the calendar — as .eml drafts Outlook opens unsent, as .ics files calendars import, and
through a real SMTP server on 127.0.0.1 (STARTTLS, AUTH), everything read back with the
standard library's email package and the icalendar package."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.addresses import AddressBook, read_address_book
from xlkompetence.core.findings import Code
from xlkompetence.core.labels import t
from xlkompetence.org.rollout import read_roster_file
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells
from mailserver import PASSWORD, USER, start_relay
from persona import F, Layout, individual, levels, merged, wheel_dates
from test_round_holds import HEADERS, ok, write_list

LIST_HEADERS = [*HEADERS, "E-mail"]
UNITS = {
    # who: (unit, leader, teams, address)
    "fine": ("Bostøtten Nord", "Anne Holm", "Dagteam (10); Aftenteam (8)", "anne.holm@kommune.dk"),
    "sloppy": ("Værestedet Syd", "Bo Dahl", "Hele huset (12)", "bo.dahl@kommune.dk"),
    "missing": ("Natcaféen", "Lis Ek", "Nattevagt (5)", "lis.ek@kommune.dk"),
}
# What the leaders typed in bilag C: names and goals that must never leave in a mail.
PERSONAL = ("Pia Holm", "Blive tryg i MI-samtaler", "Kim Sørensen", "Lære at lede netværksmøder", "efter nytår")


@pytest.fixture(autouse=True)
def no_relay_from_the_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("XLKOMPETENCE_SMTP_"):
            monkeypatch.delenv(name)


def cells_of(parts: dict) -> dict[tuple[str, str], object]:
    return {(sheet, cell): value for sheet, values in parts.items() for cell, value in values.items()}


@pytest.fixture(scope="module")
def built_round(tmp_path_factory) -> Path:
    """A round of three units, rolled out from a list with the leaders' addresses: one fills in
    everything, one types a level of 9 and a date as "efter nytår", one never delivers."""
    base = tmp_path_factory.mktemp("round")
    org = base / "organisation-skabelon.xlsx"
    write_unit_workbook(org, examples.concept_example(), today=TODAY)
    write_list(base / "enheder.xlsx", [["Socialpsykiatrien", u, leader, teams, "2026", mail]
                                       for u, leader, teams, mail in UNITS.values()], headers=LIST_HEADERS)
    code, output = ok("rollout", str(base / "enheder.xlsx"), "--org", str(org), "--out", str(base / "runde"))
    assert code == 0, output
    (base / "runde" / "Natcaféen.xlsx").unlink()
    fine = base / "runde" / "Bostøtten Nord.xlsx"
    layout = Layout(fine)
    set_cells(fine, cells_of(merged(
        levels(layout, [("K1", {"Dagteam": (5, 3), "Aftenteam": (4, 4)}),
                        ("K2", {"Dagteam": (4, 4), "Aftenteam": (3, 3)}),
                        ("K3", {"Dagteam": (3, 3), "Aftenteam": (4, 2)})]),
        individual(layout, [{"Medarbejder": "Pia Holm", "Team": "Dagteam",
                             "Personlige læringsmål": "Blive tryg i MI-samtaler"}]))))
    sloppy = base / "runde" / "Værestedet Syd.xlsx"
    layout = Layout(sloppy)
    set_cells(sloppy, cells_of(merged(
        levels(layout, [("K1", {"Hele huset": (4, 9)})]),
        individual(layout, [{"Medarbejder": "Kim Sørensen", "Team": "Hele huset",
                             "Personlige læringsmål": "Lære at lede netværksmøder",
                             "Næste opfølgning": "efter nytår"}]))))
    return base


@pytest.fixture
def round_dir(tmp_path, built_round) -> Path:
    shutil.copytree(built_round, tmp_path, dirs_exist_ok=True)
    return tmp_path


def run(*args: str, today: date = TODAY) -> tuple[int, str]:
    """The CLI as HR runs it on ``today``; no exception may escape it (a traceback to the user)."""
    result = CliRunner().invoke(cli, [*args, "--today", today.isoformat()])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def remind(base: Path, *extra: str, today: date = TODAY) -> tuple[int, str]:
    return run("remind", str(base / "runde"), "--expected", str(base / "enheder.xlsx"), "--out", str(base / "udkast"),
               "--mail-config", str(base / "mail.json"), *extra, today=today)


def parsed(path: Path) -> EmailMessage:
    return message_from_bytes(path.read_bytes(), policy=default)  # type: ignore[return-value]


def everything_in(msg: EmailMessage) -> str:
    """The headers, the text and every attachment's name and text, as one string to search."""
    parts = [str(v) for _, v in msg.items()]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
        parts.append(part.get_filename() or "")
    return "\n".join(parts).replace("\r\n", "\n")


def others_of(unit: str) -> list[str]:
    """What belongs to the round's other units: their names, leaders and addresses."""
    return [x for u, leader, _, mail in UNITS.values() if u != unit for x in (u, leader, mail)]


# -- who gets what -------------------------------------------------------------------------------------

def test_a_round_of_three_units_reminds_exactly_the_unit_that_never_delivered_and_the_one_with_errors(
        round_dir, built_round):
    code, output = remind(round_dir, "--deadline", "2026-12-15")
    assert code == 0, output
    drafts = {p.name: parsed(p) for p in (round_dir / "udkast").glob("*.eml")}
    assert sorted(drafts) == ["Påmindelse Natcaféen.eml", "Påmindelse Værestedet Syd.eml"]
    for name, msg in drafts.items():
        unit = name.removeprefix("Påmindelse ").removesuffix(".eml")
        _, leader, _, address = next(u for u in UNITS.values() if u[0] == unit)
        assert msg["X-Unsent"] == "1"  # Outlook opens it as a new message, ready to send
        assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [(leader, address)]
        assert unit in msg["Subject"] and "2026" in msg["Subject"]
        text = everything_in(msg)
        assert f"Kære {leader}" in text and "Fristen for at aflevere er 15-12-2026." in text
        assert not [x for x in [*others_of(unit), *PERSONAL] if x in text], text
    assert t("mail.reminder.no") in drafts["Påmindelse Natcaféen.eml"].get_content()
    sloppy = drafts["Påmindelse Værestedet Syd.eml"].get_content()
    # Each finding by where it is and what it is, never by what was typed.
    assert "Kompetencebehov!" in sloppy and Code.LEVEL_OUT_OF_RANGE.summary in sloppy
    assert "Individuelle læringsmål!" in sloppy and Code.DATE_INVALID.summary in sloppy
    log = json.loads((round_dir / "udkast-sendelog.json").read_text(encoding="utf-8"))["sent"]
    assert sorted((e["unit"], e["to"], e["via"], e["date"]) for e in log) == [
        ("Natcaféen", ["lis.ek@kommune.dk"], "draft", TODAY.isoformat()),
        ("Værestedet Syd", ["bo.dahl@kommune.dk"], "draft", TODAY.isoformat())]
    assert hashes(round_dir / "runde") == hashes(built_round / "runde")  # the units' workbooks only read


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.xlsx"))}


def test_a_second_run_the_same_day_writes_nothing_twice_unless_asked(round_dir):
    remind(round_dir)
    code, output = remind(round_dir)
    assert code == 0 and output.count("sendes ikke igen") == 2, output
    assert len(json.loads((round_dir / "udkast-sendelog.json").read_text(encoding="utf-8"))["sent"]) == 2
    code, output = remind(round_dir, "--igen")
    assert code == 0 and output.count(": udkast ") == 2, output
    code, output = remind(round_dir, today=date(2026, 11, 25))  # the next day the reminders go again
    assert code == 0 and output.count(": udkast ") == 2, output


def test_dry_run_lists_who_would_get_what_and_writes_nothing(round_dir):
    code, output = remind(round_dir, "--dry-run", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert {(m["unit"], tuple(m["to"]), tuple(m["reasons"]), m["outcome"]) for m in data["messages"]} == {
        ("Natcaféen", ("lis.ek@kommune.dk",), ("no",), "would"),
        ("Værestedet Syd", ("bo.dahl@kommune.dk",), ("errors",), "would")}
    assert not (round_dir / "udkast").exists() and not (round_dir / "udkast-sendelog.json").exists()
    code, output = remind(round_dir, "--dry-run")
    assert "Natcaféen: ville få mail til lis.ek@kommune.dk (ikke afleveret)" in output


def test_a_round_folder_that_is_not_there_reminds_nobody(round_dir):
    code, output = run("remind", str(round_dir / "runde-2062"), "--expected", str(round_dir / "enheder.xlsx"),
                       "--out", str(round_dir / "udkast"), "--mail-config", str(round_dir / "mail.json"))
    assert code == 2 and "runde-2062 findes ikke" in output, output
    (round_dir / "tom").mkdir()
    code, output = run("remind", str(round_dir / "tom"), "--expected", str(round_dir / "enheder.xlsx"),
                       "--out", str(round_dir / "udkast"), "--mail-config", str(round_dir / "mail.json"))
    assert code == 2 and t("merge.none_found") in output, output
    assert not (round_dir / "udkast").exists()


def test_a_send_log_that_cannot_be_read_sends_nothing(round_dir):
    (round_dir / "udkast-sendelog.json").write_text("{ikke json", encoding="utf-8")
    code, output = remind(round_dir)
    assert code == 2 and "Sendeloggen" in output and "intet er sendt" in output, output
    assert not list((round_dir / "udkast").glob("*.eml"))


def test_a_leader_without_an_address_gets_a_draft_to_fill_in(round_dir, built_round):
    write_list(round_dir / "enheder.xlsx", [["Socialpsykiatrien", u, leader, teams, "2026", ""]
                                            for u, leader, teams, _ in UNITS.values()], headers=LIST_HEADERS)
    code, output = remind(round_dir)
    assert code == 0 and t("mail.no_address") in output, output
    msg = parsed(round_dir / "udkast" / "Påmindelse Natcaféen.eml")
    assert msg["To"] is None and msg["X-Unsent"] == "1" and "Kære Lis Ek" in msg.get_content()


# -- the year wheel in the calendar -------------------------------------------------------------------

def events_of(path: Path) -> dict[str, dict]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): {"summary": str(e["summary"]), "day": e.decoded("dtstart"), "sequence": int(e["sequence"]),
                            "description": str(e.get("description", ""))} for e in cal.walk("VEVENT")}


def test_the_year_wheel_goes_to_the_calendar_with_stable_ids_and_a_reexport_updates(round_dir):
    fine = round_dir / "runde" / "Bostøtten Nord.xlsx"
    layout = Layout(fine)
    set_cells(fine, cells_of(wheel_dates(layout, {"TUS": date(2026, 12, 1), "Handleplan": date(2027, 2, 1)})))
    code, output = remind(round_dir, "--deadline", "2026-12-15")
    assert code == 0, output
    ics = round_dir / "udkast" / "kalender" / "Årshjul – Bostøtten Nord.ics"
    first = events_of(ics)
    assert sorted((e["summary"], e["day"], e["sequence"]) for e in first.values()) == [
        ("Handleplan – Bostøtten Nord", date(2027, 2, 1), 0), ("TUS – Bostøtten Nord", date(2026, 12, 1), 0)]
    assert all("årshjulet" in e["description"] and "Bostøtten Nord" in e["description"] for e in first.values())
    assert str(Calendar.from_ical(ics.read_bytes())["x-wr-calname"]) == "Årshjul – Bostøtten Nord"
    # The TUS is two weeks away: the leader is reminded, the wheel attached.
    msg = parsed(round_dir / "udkast" / "Påmindelse Bostøtten Nord.eml")
    assert "TUS: 01-12-2026" in msg.get_body(("plain",)).get_content()
    (attached,) = [a for a in msg.iter_attachments() if a.get_content_type() == "text/calendar"]
    assert attached.get_filename() == ics.name and attached.get_param("method") == "PUBLISH"
    assert set(events_of_bytes(attached.get_content())) == set(first)
    hr = events_of(round_dir / "udkast" / "kalender" / "Årshjul – Socialpsykiatrien.ics")
    assert [(e["summary"], e["day"]) for e in hr.values()] == [("Frist: enhedernes projektmapper (2026)",
                                                                date(2026, 12, 15))]

    set_cells(fine, cells_of(wheel_dates(layout, {"TUS": date(2026, 12, 3)})))  # the leader moves the TUS
    code, output = remind(round_dir, "--igen")
    again = events_of(ics)
    assert set(again) == set(first)  # the same entries, updated: none added
    tus = next(uid for uid, e in first.items() if e["summary"].startswith("TUS"))
    assert (again[tus]["day"], again[tus]["sequence"]) == (date(2026, 12, 3), 1)
    assert [e["sequence"] for uid, e in again.items() if uid != tus] == [0]


def events_of_bytes(data: str | bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_organisation_calendar_holds_the_templates_wheel_and_the_deadline(round_dir):
    template = round_dir / "organisation-skabelon.xlsx"
    set_cells(template, cells_of(wheel_dates(Layout(template), {"Vurdering af kompetencer": date(2027, 1, 20)})))
    code, output = remind(round_dir, "--org", str(template), "--deadline", "2026-12-15")
    assert code == 0, output
    hr = events_of(round_dir / "udkast" / "kalender" / "Årshjul – Socialpsykiatrien.ics")
    assert sorted((e["summary"], e["day"]) for e in hr.values()) == [
        ("Frist: enhedernes projektmapper (2026)", date(2026, 12, 15)),
        ("Vurdering af kompetencer – Socialpsykiatrien", date(2027, 1, 20))]


# -- through the organisation's SMTP relay ------------------------------------------------------------

@pytest.fixture
def relay(tmp_path):
    server, inbox, cert = start_relay(tmp_path)
    yield server, inbox, cert
    server.stop()


def relay_settings(base: Path, port: int, cert: Path, **more: object) -> Path:
    """The settings file IT keeps beside the round (the password comes from the environment)."""
    path = base / "mail.json"
    path.write_text(json.dumps({"host": "127.0.0.1", "port": port, "username": USER, "sender": "HR <hr@kommune.dk>",
                                "ca_file": os.path.relpath(cert, base), **more}), encoding="utf-8")
    return path


def test_reminders_sent_through_the_relay_arrive_with_starttls_and_login_and_are_not_sent_twice(
        round_dir, relay, monkeypatch):
    server, inbox, cert = relay
    relay_settings(round_dir, server.port, cert)
    monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", PASSWORD)
    code, output = remind(round_dir, "--smtp", "--deadline", "2026-12-15")
    assert code == 0, output
    assert sorted((r.sender, tuple(r.recipients)) for r in inbox.received) == [
        ("hr@kommune.dk", ("bo.dahl@kommune.dk",)), ("hr@kommune.dk", ("lis.ek@kommune.dk",))]
    assert [ok for _, user, ok in inbox.logins] == [True]
    for r in inbox.received:
        msg = r.message
        unit = msg["Subject"].rsplit("– ", 1)[1]
        assert msg["From"] == "HR <hr@kommune.dk>" and msg["X-Unsent"] is None
        text = everything_in(msg)
        assert unit in text and text.rstrip().endswith("Venlig hilsen\nHR")
        assert not [x for x in [*others_of(unit), *PERSONAL] if x in text], text
    assert not list((round_dir / "udkast").glob("*.eml"))  # sent, not drafted
    log = json.loads((round_dir / "udkast-sendelog.json").read_text(encoding="utf-8"))["sent"]
    assert sorted((e["unit"], e["via"]) for e in log) == [("Natcaféen", "smtp"), ("Værestedet Syd", "smtp")]

    code, output = remind(round_dir, "--smtp")
    assert code == 0 and len(inbox.received) == 2 and output.count("sendes ikke igen") == 2, output
    code, output = remind(round_dir, "--smtp", "--again")
    assert code == 0 and len(inbox.received) == 4, output


def test_a_wrong_password_gives_a_danish_error_and_nothing_is_marked_as_sent(round_dir, relay, monkeypatch):
    server, inbox, cert = relay
    relay_settings(round_dir, server.port, cert)
    monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", "forkert")
    code, output = remind(round_dir, "--smtp")
    assert code == 2, output
    assert t("mail.smtp.login", host="127.0.0.1", code=535) in output
    assert inbox.received == [] and inbox.logins and not any(ok for *_, ok in inbox.logins)
    assert not (round_dir / "udkast-sendelog.json").exists()
    monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", PASSWORD)
    code, output = remind(round_dir, "--smtp")  # corrected: now both go
    assert code == 0 and len(inbox.received) == 2, output


def test_a_relay_that_only_takes_auth_login_gets_it(round_dir, monkeypatch):
    (round_dir / "relay").mkdir()
    server, inbox, cert = start_relay(round_dir / "relay", mechanisms=("LOGIN",))
    try:
        relay_settings(round_dir, server.port, cert)
        monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", PASSWORD)
        code, output = remind(round_dir, "--smtp")
        assert code == 0 and len(inbox.received) == 2, output
        assert inbox.logins == [("LOGIN", USER, True)]
    finally:
        server.stop()


def test_a_certificate_that_cannot_be_verified_sends_nothing(round_dir, relay, monkeypatch):
    server, inbox, cert = relay
    relay_settings(round_dir, server.port, cert, ca_file=None)  # the relay's own CA not given
    monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", PASSWORD)
    code, output = remind(round_dir, "--smtp")
    assert code == 2 and "kunne ikke krypteres" in output and "ca_file" in output, output
    assert inbox.received == [] and inbox.logins == []


def test_the_settings_take_no_password_from_a_file_others_can_read_and_need_a_relay(round_dir, relay):
    server, inbox, cert = relay
    settings = relay_settings(round_dir, server.port, cert, password=PASSWORD)
    settings.chmod(0o644)
    code, output = remind(round_dir, "--smtp")
    assert code == 2 and "chmod 600" in output and inbox.received == [], output
    settings.chmod(0o600)
    code, output = remind(round_dir, "--smtp")
    assert code == 0 and len(inbox.received) == 2, output
    settings.write_text(json.dumps({"sender": "HR <hr@kommune.dk>"}), encoding="utf-8")
    code, output = remind(round_dir, "--smtp", "--again")
    assert code == 2 and "ingen SMTP-server" in output, output
    settings.write_text(json.dumps({"host": "127.0.0.1", "port": "otte"}), encoding="utf-8")
    code, output = remind(round_dir)
    assert code == 2 and "Mailindstillingerne" in output and "port" in output, output


# -- invitations to employees ---------------------------------------------------------------------------

@pytest.fixture
def unit_with_dates(round_dir) -> Path:
    """The careful unit's bilag C: Pia's conversation is set for 10-12-2026, Ole's has no date."""
    fine = round_dir / "runde" / "Bostøtten Nord.xlsx"
    set_cells(fine, cells_of(individual(Layout(fine), [
        {"Medarbejder": "Pia Holm", "Team": "Dagteam", "Personlige læringsmål": "Blive tryg i MI-samtaler",
         "Aftalt ved MUS/PUS (dato)": date(2026, 12, 10)},
        {"Medarbejder": "Ole Berg", "Team": "Aftenteam"}])))
    (round_dir / "adresser.csv").write_text("Medarbejdere på Bostøtten Nord\n\nNavn;Team;E-mail\n"
                                            "Pia Holm;Dagteam;pia.holm@kommune.dk\n"
                                            "Kim Sørensen;Hele huset;kim@kommune.dk\n", encoding="utf-8")
    return fine


def test_each_employee_gets_her_own_sheet_and_where_a_date_is_set_a_calendar_invitation(round_dir, unit_with_dates):
    code, output = run("mus", "skriv", str(unit_with_dates), "-o", str(round_dir / "mus"), "--mail",
                       str(round_dir / "mus-mails"), "--adresser", str(round_dir / "adresser.csv"),
                       "--mail-config", str(round_dir / "mail.json"))
    assert code == 0, output
    drafts = {p.stem: parsed(p) for p in (round_dir / "mus-mails").glob("*.eml")}
    assert sorted(drafts) == ["Invitation MUS-PUS Ole Berg", "Invitation MUS-PUS Pia Holm"]
    pia, ole = drafts["Invitation MUS-PUS Pia Holm"], drafts["Invitation MUS-PUS Ole Berg"]
    assert pia["X-Unsent"] == "1" and [a.addr_spec for a in pia["To"].addresses] == ["pia.holm@kommune.dk"]
    assert pia["Subject"] == "Din MUS/PUS-samtale 10-12-2026"
    attached = {a.get_filename(): a for a in pia.iter_attachments()}
    assert sorted(attached) == ["Invitation MUS-PUS Pia Holm.ics", "MUS-PUS Pia Holm.xlsx"]
    assert attached["MUS-PUS Pia Holm.xlsx"].get_content() == (round_dir / "mus" / "MUS-PUS Pia Holm.xlsx").read_bytes()
    assert attached["MUS-PUS Pia Holm.xlsx"].get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    (event,) = events_of_bytes(attached["Invitation MUS-PUS Pia Holm.ics"].get_content()).values()
    assert (event.decoded("dtstart"), str(event["summary"])) == (
        date(2026, 12, 10), "MUS/PUS-samtale – Bostøtten Nord")
    # No address on the list for Ole: a draft for the leader to address; no date, no invitation.
    assert ole["To"] is None and [a.get_filename() for a in ole.iter_attachments()] == ["MUS-PUS Ole Berg.xlsx"]
    assert "Pia" not in everything_in(ole) and "Ole" not in everything_in(pia)
    assert "Blive tryg i MI-samtaler" not in everything_in(pia)  # her goals stay in her sheet

    # The leader moves Pia's conversation: the invitation sent again updates the same entry.
    set_cells(unit_with_dates, cells_of(individual(Layout(unit_with_dates), [
        {"Aftalt ved MUS/PUS (dato)": date(2026, 12, 14)}])))
    code, output = run("mus", "skriv", str(unit_with_dates), "-o", str(round_dir / "mus"), "--mail",
                       str(round_dir / "mus-mails"), "--adresser", str(round_dir / "adresser.csv"),
                       "--mail-config", str(round_dir / "mail.json"), "--igen")
    assert code == 1, output  # the sheets were there already: skipped, never replaced; the mails go again
    again = parsed(round_dir / "mus-mails" / "Invitation MUS-PUS Pia Holm.eml")
    ics = next(a for a in again.iter_attachments() if a.get_content_type() == "text/calendar")
    (moved,) = events_of_bytes(ics.get_content()).values()
    assert (str(moved["uid"]), moved.decoded("dtstart"), int(moved["sequence"])) == (
        str(event["uid"]), date(2026, 12, 14), 1)


def test_invitations_through_the_relay_reach_whom_the_list_has_an_address_for(round_dir, unit_with_dates, relay,
                                                                               monkeypatch):
    server, inbox, cert = relay
    relay_settings(round_dir, server.port, cert)
    monkeypatch.setenv("XLKOMPETENCE_SMTP_PASSWORD", PASSWORD)
    code, output = run("mus", "skriv", str(unit_with_dates), "-o", str(round_dir / "mus"), "--mail",
                       str(round_dir / "mus-mails"), "--adresser", str(round_dir / "adresser.csv"), "--smtp",
                       "--mail-config", str(round_dir / "mail.json"), "--format", "json")
    assert code == 1, output  # Ole has no address
    outcomes = {m["to"][0] if m["to"] else None: m["outcome"] for m in json.loads(output)["mail"]["messages"]}
    assert outcomes == {"pia.holm@kommune.dk": "sent", None: "no_address"}
    (received,) = inbox.received
    assert received.recipients == ["pia.holm@kommune.dk"]
    assert sorted(a.get_filename() for a in received.message.iter_attachments()) == [
        "Invitation MUS-PUS Pia Holm.ics", "MUS-PUS Pia Holm.xlsx"]


def test_two_employees_of_one_name_each_get_their_own_sheet_date_and_address(round_dir):
    fine = round_dir / "runde" / "Bostøtten Nord.xlsx"
    set_cells(fine, cells_of(individual(Layout(fine), [
        {"Medarbejder": "Kim Sørensen", "Team": "Dagteam", "Aftalt ved MUS/PUS (dato)": date(2026, 12, 2)},
        {"Medarbejder": "Kim Sørensen", "Team": "Aftenteam", "Næste opfølgning": date(2027, 1, 11)}])))
    (round_dir / "adresser.csv").write_text("Navn;Team;E-mail\nKim Sørensen;Aftenteam;kim.aften@kommune.dk\n"
                                            "Kim Sørensen;Dagteam;kim.dag@kommune.dk\n", encoding="utf-8")
    code, output = run("mus", "skriv", str(fine), "-o", str(round_dir / "mus"), "--mail", str(round_dir / "mus-mails"),
                       "--adresser", str(round_dir / "adresser.csv"), "--mail-config", str(round_dir / "mail.json"))
    assert code == 0, output
    got = {}
    for path in (round_dir / "mus-mails").glob("*.eml"):
        msg = parsed(path)
        files = sorted(a.get_filename() for a in msg.iter_attachments())
        ics = next(a for a in msg.iter_attachments() if a.get_content_type() == "text/calendar")
        (event,) = events_of_bytes(ics.get_content()).values()
        got[msg["To"].addresses[0].addr_spec] = (files[1], event.decoded("dtstart"), str(event["uid"]))
    assert {k: v[:2] for k, v in got.items()} == {
        "kim.dag@kommune.dk": ("MUS-PUS Kim Sørensen (Dagteam).xlsx", date(2026, 12, 2)),
        "kim.aften@kommune.dk": ("MUS-PUS Kim Sørensen (Aftenteam).xlsx", date(2027, 1, 11))}
    assert len({v[2] for v in got.values()}) == 2  # two people, two calendar entries


def test_an_address_list_that_cannot_be_read_mails_nobody(round_dir, unit_with_dates):
    (round_dir / "adresser.csv").write_bytes(b"\x00\x01\x02 ikke tekst")
    code, output = run("mus", "skriv", str(unit_with_dates), "-o", str(round_dir / "mus"), "--mail",
                       str(round_dir / "mus-mails"), "--adresser", str(round_dir / "adresser.csv"),
                       "--mail-config", str(round_dir / "mail.json"))
    assert code == 2 and "address.unreadable" in output, output
    assert not (round_dir / "mus-mails").exists()
    code, output = run("mus", "skriv", str(unit_with_dates), "-o", str(round_dir / "mus"), "--smtp")
    assert code == 2 and "--mail" in output


# -- addresses on the lists -------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["E-mail", "Mail", "e-mailadresse", "Lederens e-mail"])
def test_the_rounds_list_takes_the_leaders_address_and_reports_one_it_cannot_use(tmp_path, header):
    path = write_list(tmp_path / "enheder.xlsx", [
        ["Socialpsykiatrien", "Bostøtten Nord", "Anne Holm", "Dagteam (10)", "2026",
         "Anne Holm <anne.holm@kommune.dk>"],
        ["Socialpsykiatrien", "Natcaféen", "Lis Ek", "Nattevagt (5)", "2026", "lis.ek(at)kommune.dk"]],
        headers=[*HEADERS, header])
    roster = read_roster_file(path)
    assert [(e.unit, e.emails) for e in roster.entries] == [("Bostøtten Nord", ("anne.holm@kommune.dk",)),
                                                            ("Natcaféen", ())]
    (problem,) = roster.findings
    assert (problem.code, problem.cell, problem.sheet, problem.value) == (
        Code.ROSTER_EMAIL_INVALID, "F5", "Enheder", "lis.ek(at)kommune.dk")
    code, output = ok("rollout", str(path), "--out", str(tmp_path / "runde"))
    assert code == 0 and "roster.email_invalid" in output and "F5" in output  # the roll-out does not wait for it


def test_the_address_book_finds_an_employee_by_name_team_and_unit_and_never_guesses():
    book = read_address_book([["Navn", "Team", "Enhed", "E-mail"],
                              ["Kim Sørensen", "Dagteam", "Bostøtten Nord", "kim.s@kommune.dk"],
                              ["Kim Sørensen", "Hele huset", "Værestedet Syd", "kim.s2@kommune.dk"],
                              ["Åse Lund", "Dagteam", "", "aase@kommune.dk"],
                              ["Åse Lund", "Dagteam", "", "aase.lund@kommune.dk"],
                              ["Bo", "", "", "bo-ved-kommunen"]], file="adresser.xlsx", sheet="Ark1")
    assert book.lookup("kim  sørensen", "Dagteam", "Bostøtten-Nord") == "kim.s@kommune.dk"
    assert book.lookup("Kim Sørensen", "", "Værestedet Syd") == "kim.s2@kommune.dk"
    assert book.lookup("Kim Sørensen") is None  # two of that name: no guess
    assert book.lookup("Åse Lund", "Dagteam") is None  # two addresses for one person: no guess
    assert [(f.code, f.cell) for f in book.findings] == [(Code.ADDRESS_TWICE, "A5"), (Code.ADDRESS_EMAIL_INVALID, "D6")]
    assert AddressBook.from_mapping({"Pia Holm": "pia@kommune.dk"}).lookup("Pia Holm", "Dagteam") == "pia@kommune.dk"
    (none,) = read_address_book([["Navn", "Telefon"], ["Pia", "1234"]]).findings
    assert none.code is Code.ADDRESS_NO_HEADER
