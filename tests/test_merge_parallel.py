"""The merge read in several processes gives the workbook it gives in one, and each input is
named in Kilder as HR named it, however many inputs there are."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import pytest
from pydantic import ValidationError

from xlkompetence.core.compact import share_field_sets

from xlkompetence.org.disclosure import Disclosure, shown_path
from xlkompetence.org.merge import merge_files, read_input

from conftest import TODAY, copy_of
from test_merge import demo_units  # noqa: F401 - the fixture: the demo's units, written once


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize("disclosure", [Disclosure(), Disclosure.NAMES])
def test_one_process_and_several_give_the_same_workbook(demo_units, tmp_path, disclosure):
    units = copy_of(demo_units, tmp_path / "enheder")
    (units / "tom.xlsx").write_bytes(b"")
    key = tmp_path / "key"
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    org_one = merge_files([units], one, TODAY, jobs=1, key_file=key, disclosure=disclosure)
    org_two = merge_files([units], two, TODAY, jobs=2, key_file=key, disclosure=disclosure)
    assert parts(one) == parts(two)
    assert [f.model_dump() for f in org_one.findings] == [f.model_dump() for f in org_two.findings]
    assert len(org_one.units) == 3


def test_each_input_is_shown_as_hr_named_it(demo_units, tmp_path, monkeypatch):
    units = copy_of(demo_units, tmp_path / "enheder")
    (units / "under").mkdir()
    (units / "bostoetten-nord.xlsx").rename(units / "under" / "nord.xlsx")
    monkeypatch.chdir(tmp_path)
    inputs: list[str | Path] = ["enheder/under/nord.xlsx", "enheder/*.xlsx", Path("enheder"),
                                "./enheder/vaerestedet-syd.xlsx"]
    org = merge_files(inputs, tmp_path / "org.xlsx", TODAY, key_file=tmp_path / "key", disclosure=Disclosure.NAMES)
    shown = {e.path.name: e.shown for e in org.inputs}
    assert shown == {"nord.xlsx": "enheder/under/nord.xlsx", "eksempel-botilbud.xlsx": "eksempel-botilbud.xlsx",
                     "vaerestedet-syd.xlsx": "vaerestedet-syd.xlsx"}
    assert all(shown[e.path.name] == shown_path(e.path, inputs) for e in org.inputs)


def _square_or_refuse(x: int, refuse: int) -> int | str:
    return "refused" if x == refuse else x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_work_in_processes_gives_every_result_in_order(jobs):
    from itertools import repeat

    from xlkompetence.org.parallel import in_processes

    got = list(in_processes(_square_or_refuse, range(40), repeat(7), n=40, jobs=jobs))
    assert got == [x * x if x != 7 else "refused" for x in range(40)]


def test_what_a_worker_sends_is_the_unit_as_read_only_smaller(demo_units):
    entry = read_input(sorted(demo_units.glob("*.xlsx"))[0], TODAY)
    before = pickle.dumps(entry)
    share_field_sets(entry)
    after = pickle.dumps(entry)
    assert len(after) < len(before)
    sent, kept = pickle.loads(after), pickle.loads(before)
    assert sent.unit.model_dump() == kept.unit.model_dump() and sent.unit == kept.unit
    assert [f.model_dump() for f in sent.findings] == [f.model_dump() for f in kept.findings]
    first, second = sent.unit.plan[0], sent.unit.plan[1]
    assert first.model_fields_set is second.model_fields_set  # one set for the rows given the same fields
    changed = first.model_copy(update={"activity": "Ny aktivitet"})
    assert changed.activity == "Ny aktivitet" and second.model_fields_set == kept.unit.plan[1].model_fields_set
    with pytest.raises(ValidationError):
        first.activity = "x"  # frozen: nothing adds to the set they share
