"""The command line, run through click's runner against real files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import click
import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli

from conftest import set_cells

TODAY = ["--today", "2026-11-24"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    return result.exit_code, result.output


def test_new_writes_a_workbook_that_validates(tmp_path):
    path = tmp_path / "solhjem.xlsx"
    code, out = run("new", str(path), "--unit", "Botilbuddet Solhjem", "--team", "Team A", "--team", "Team B", *TODAY)
    assert code == 0 and "Oprettet" in out
    code, out = run("validate", str(path), *TODAY)
    assert code == 0
    assert "0 fejl" in out


def test_new_never_overwrites(tmp_path, example_path):
    before = example_path.read_bytes()
    code, out = run("new", str(example_path), "--unit", "X", "--team", "A")
    assert code == 1 and "overskrives ikke" in out
    assert example_path.read_bytes() == before


def test_new_refuses_bad_team_names(tmp_path):
    code, out = run("new", str(tmp_path / "x.xlsx"), "--unit", "X", "--team", "A", "--team", "a")
    assert code == 2 and "to gange" in out
    assert not (tmp_path / "x.xlsx").exists()


def test_validate_exit_1_on_errors_with_sheet_and_cell(example_path):
    set_cells(example_path, {("Kompetencebehov", "C8"): "tre"})
    code, out = run("validate", str(example_path), *TODAY)
    assert code == 1
    assert "Kompetencebehov!C8: Fejl:" in out and "[level.not_number]" in out


def test_validate_json_is_data(example_path):
    code, out = run("validate", str(example_path), "--format", "json", *TODAY)
    assert code == 0
    payload = json.loads(out)
    (entry,) = payload["files"]
    assert payload["exit_code"] == 0 and entry["valid"] and entry["readable"]
    first = entry["findings"][0]
    assert set(first) == {"code", "severity", "message", "file", "sheet", "cell", "value"}
    assert first["severity"] in ("error", "warning")


def _not_workbooks(tmp: Path, example: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp / "tom.xlsx"
    files["empty"].write_bytes(b"")
    files["text"] = tmp / "tekst.xlsx"
    files["text"].write_text("Navn;Niveau\nAnne;3\n", encoding="utf-8")
    files["png"] = tmp / "billede.xlsx"
    files["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    files["truncated"] = tmp / "afbrudt.xlsx"
    files["truncated"].write_bytes(example.read_bytes()[:4000])
    files["no_workbook"] = tmp / "tom-zip.xlsx"
    with zipfile.ZipFile(files["no_workbook"], "w") as zf:
        zf.writestr("hej.txt", "hej")
    files["encrypted"] = tmp / "krypteret.xlsx"
    with example.open("rb") as src, files["encrypted"].open("wb") as dst:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("hemmelig", dst)
    files["missing"] = tmp / "findes-ikke.xlsx"
    return files


@pytest.mark.parametrize(("kind", "code", "words"), [
    ("empty", "file.unreadable", "tom"),
    ("text", "file.unreadable", "ikke en Excel-projektmappe"),
    ("png", "file.unreadable", "ikke en Excel-projektmappe"),
    ("truncated", "file.unreadable", "beskadiget"),
    ("no_workbook", "file.unreadable", "xl/workbook.xml mangler"),
    ("encrypted", "file.encrypted", "adgangskode"),
    ("missing", "file.not_found", "findes ikke"),
])
def test_a_file_that_is_not_a_workbook_exits_2_with_one_danish_line(tmp_path, example_path, kind, code, words):
    path = _not_workbooks(tmp_path, example_path)[kind]
    exit_code, out = run("validate", str(path), "--format", "json", *TODAY)
    assert exit_code == 2
    (entry,) = json.loads(out)["files"]
    assert not entry["readable"] and [f["code"] for f in entry["findings"]] == [code]
    exit_code, out = run("validate", str(path), *TODAY)
    assert exit_code == 2
    assert out.count("\n") == 1 and words in out and "Traceback" not in out


def test_one_bad_file_does_not_stop_the_others(tmp_path, example_path):
    bad = tmp_path / "tom.xlsx"
    bad.write_bytes(b"")
    code, out = run("validate", str(bad), str(example_path), *TODAY)
    assert code == 2
    assert f"{example_path}: 0 fejl" in out and "I alt 2 filer" in out


def test_refresh_command_updates_and_reports(example_path):
    code, out = run("refresh", str(example_path), *TODAY)
    assert code == 0 and "(opdateret)" in out


def test_refresh_refuses_formats_it_cannot_write(tmp_path, example_path, libreoffice):
    libreoffice.convert(example_path, "ods", tmp_path / "ods")
    ods = tmp_path / "ods" / "eksempel.ods"
    before = ods.read_bytes()
    code, out = run("validate", str(ods), *TODAY)
    assert code == 0, out  # an .ods is read (calamine reads OpenDocument)
    code, out = run("refresh", str(ods), "--format", "json", *TODAY)
    assert code == 2
    assert json.loads(out)["files"][0]["findings"][0]["code"] == "file.unsupported"
    assert ods.read_bytes() == before


def test_examples_and_demo_run(tmp_path):
    code, out = run("examples", str(tmp_path / "wb"), *TODAY)
    assert code == 0 and (tmp_path / "wb" / "eksempel.xlsx").exists()
    code, out = run("demo", str(tmp_path / "demo"), *TODAY)
    assert code == 0
    assert "3. Validering" in out and "4. Opdatering" in out and "IKKE" not in out
    assert "5. Organisationens plan" in out and "3 enheder fra 3 filer" in out
    assert len(list((tmp_path / "demo" / "enheder").glob("*.xlsx"))) == 3
    assert (tmp_path / "demo" / "organisation.xlsx").exists()


def all_commands():
    commands = [(name, c) for name, c in cli.commands.items() if not isinstance(c, click.Group)]
    for group_name, group in cli.commands.items():
        if isinstance(group, click.Group):
            commands += [(f"{group_name} {name}", c) for name, c in group.commands.items()]
    return commands


def test_every_command_has_an_example_in_its_help():
    for name, command in all_commands():
        assert "Eksempel:" in (command.help or ""), name
        assert f"xlkompetence {name}" in command.help, name


@pytest.mark.parametrize("name", [name for name, _ in all_commands()])
def test_each_example_stays_pasteable_in_help_at_80_columns(name):
    command = dict(all_commands())[name]
    example = command.help.split("Eksempel:", 1)[1].replace("\b", "").strip("\n")
    example_lines = [line.strip() for line in example.splitlines() if line.strip()]
    result = CliRunner().invoke(cli, [*name.split(), "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    shown = [line.strip() for line in result.output.splitlines()]
    for line in example_lines:
        assert line in shown, (name, line, result.output)
    assert max(len(line) for line in result.output.splitlines()) <= 80
