"""Every file the project writes opens clean in Excel, as far as that can be checked without
Excel: Excel's cross-part rules (``ooxml_rules``), schema validation (``openxml-audit``, a port of
the Open XML SDK's validator) and SheetJS's strict read, on the file of each scenario the
project writes. Each file is built once per session, the first time a check asks for it."""

from __future__ import annotations

from pathlib import Path

import openxml_audit
import pytest

import ooxml_rules
from scenarios import SCENARIOS, Outputs


@pytest.fixture(scope="session")
def outputs(tmp_path_factory) -> Outputs:
    return Outputs(tmp_path_factory.mktemp("outputs"))


@pytest.fixture(scope="session")
def read_by_sheetjs(outputs, sheetjs) -> dict[Path, dict]:
    """Every scenario's file read by SheetJS, in one run of node."""
    return sheetjs.read(*(outputs.path(s) for s in SCENARIOS))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_excels_cross_part_rules_hold(outputs, scenario):
    assert [str(p) for p in ooxml_rules.check(outputs.path(scenario))] == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_schemas_hold(outputs, scenario):
    result = openxml_audit.OpenXmlValidator().validate(outputs.path(scenario))
    assert result.is_valid, [str(e) for e in result.errors[:10]]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sheetjs_reads_it_strictly(outputs, read_by_sheetjs, scenario):
    read = read_by_sheetjs[outputs.path(scenario)]
    assert "error" not in read, read["error"]
    assert read["sheets"]
