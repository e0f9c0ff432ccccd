"""Reads as if a Danish professional wrote it: counts agree with their nouns, and the command
line speaks Danish throughout, click's own words included."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core.labels import CLICK, FINDINGS, LABELS, NOUNS, count

# Nouns that must never follow a bare number in a text: they go through ``count``.
COUNTED = sorted({form for pair in NOUNS.values() for form in pair if form not in ("mere",)}, key=len, reverse=True)


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_every_noun_agrees_with_0_1_and_2(noun):
    singular, plural = NOUNS[noun]
    assert count(0, noun) == f"0 {plural}"
    assert count(1, noun) == f"1 {singular}"
    assert count(2, noun) == f"2 {plural}"
    assert count(1200, noun) == f"1.200 {plural}"


def test_no_text_puts_a_noun_after_a_number_of_its_own():
    texts = {**LABELS, **{f"finding.{k}": v[1] for k, v in FINDINGS.items()}}
    pattern = re.compile(r"\{\w+\} (?:" + "|".join(re.escape(n) for n in COUNTED) + r")\b")
    wrong = {k: v for k, v in texts.items() if pattern.search(v) or "(s)" in v}
    assert not wrong, wrong


def test_outputs_with_one_of_each_are_singular(example_path, tmp_path):
    from conftest import set_cells

    set_cells(example_path, {("Kompetencebehov", "L6"): 4, ("Kompetencebehov", "M6"): 4,
                             ("Kompetencebehov", "I7"): 4, ("Kompetencebehov", "J7"): 4})
    runner = CliRunner()
    result = runner.invoke(cli, ["new", str(tmp_path / "en.xlsx"), "--unit", "U", "--team", "Team A"])
    assert "med 1 team:" in result.output
    out = runner.invoke(cli, ["merge", str(tmp_path / "en.xlsx"), "-o", str(tmp_path / "org.xlsx"),
                              "--today", "2026-11-24"]).output
    assert "1 enhed fra 1 fil, 0 kompetenceprofiler, 0 rækker i planerne" in out
    assert not re.search(r"\b1 (?:enheder|filer|advarsler|teams|rækker)\b", out)


def test_help_and_usage_errors_have_no_english_from_click():
    english = [k for k in CLICK if k not in ("%(prog)s, version %(version)s",) and len(k) > 4]
    runner = CliRunner()
    outputs = [runner.invoke(cli, ["--help"]).output, runner.invoke(cli, ["new"]).output,
               runner.invoke(cli, ["new", "x.xlsx", "--unit", "U"]).output,
               runner.invoke(cli, ["validate", "--format", "xml", "x"]).output,
               runner.invoke(cli, ["merge", "x", "-o", "y", "-j", "0"]).output,
               runner.invoke(cli, ["nosuch"]).output]
    for name in ("new", "validate", "refresh", "merge", "sync", "watch", "history", "serve", "demo", "examples"):
        outputs.append(runner.invoke(cli, [name, "--help"]).output)
    text = "\n".join(outputs)
    for phrase in ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "[required]", "[default:",
                   "Missing option", "Missing argument", "is not one of", "[OPTIONS]", "No such command", " TEXT",
                   "INTEGER", "Try '"):
        assert phrase not in text, phrase
    assert "Brug:" in text and "Tilvalg:" in text and "Fejl:" in text and "[påkrævet]" in text
    assert english  # the table is not empty
