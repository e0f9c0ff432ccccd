"""The store behind "Send til HR": what a submission leaves in the store folder and the
history, with real files and a real SQLite history (no remote engine needed)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from xlkompetence.core import examples
from xlkompetence.excel.server import store as store_module
from xlkompetence.excel.server.store import Store
from xlkompetence.org import history
from xlkompetence.unit import reader
from xlkompetence.unit.reader import ReadResult
from xlkompetence.xlsx import loader

from conftest import TODAY
from served import EXAMPLE_UNIT, make_settings


def submission(desired: int) -> ReadResult:
    """The concept's example with every desired level set to ``desired``."""
    unit = examples.concept_example()
    levels = tuple(a.model_copy(update={"desired": desired}) for a in unit.assessments)
    return ReadResult(unit=unit.model_copy(update={"assessments": levels}), findings=[], sheets={})


def stored_desired(store: Store) -> set[int]:
    (path,) = store.settings.store.glob("*.xlsx")
    return {a.desired for a in reader.read(loader.load(path)).unit.assessments if a.desired is not None}


def recorded_desired(store: Store) -> set[int]:
    with sqlite3.connect(store.settings.history_db) as con:
        return {d for (d,) in con.execute("SELECT desired FROM levels WHERE desired IS NOT NULL")}


def test_two_submissions_of_one_unit_at_once_leave_file_and_history_agreeing(tmp_path: Path, monkeypatch):
    # Issue 13, item 9: the file was written outside the lock, the history inside, so the
    # store could keep one submission and the history the other.
    store = Store(make_settings(tmp_path))
    first, second = submission(5), submission(4)
    first_written, second_recorded = threading.Event(), threading.Event()
    write, record = store_module.write_unit_workbook, history.record

    def slow_write(path, unit, **kw):
        write(path, unit, **kw)
        if unit.assessments[0].desired == 5:
            first_written.set()
            # Give the second submission every chance to overtake (at most 2 s).
            second_recorded.wait(2)

    def noted_record(db, org, **kw):
        run = record(db, org, **kw)
        if org.levels and org.levels[0].desired == 4:
            second_recorded.set()
        return run

    monkeypatch.setattr(store_module, "write_unit_workbook", slow_write)
    monkeypatch.setattr(history, "record", noted_record)
    a = threading.Thread(target=store.submit, args=(first, EXAMPLE_UNIT, TODAY))
    b = threading.Thread(target=store.submit, args=(second, EXAMPLE_UNIT, TODAY))
    a.start()
    assert first_written.wait(30)
    b.start()
    a.join(60)
    b.join(60)
    assert store.submissions == 2
    assert stored_desired(store) == recorded_desired(store)


def test_a_submission_is_kept_under_the_keys_unit_name(tmp_path: Path):
    store = Store(make_settings(tmp_path))
    shouted = submission(5)
    shouted.unit = shouted.unit.model_copy(update={"cover": shouted.unit.cover.model_copy(update={"unit": "BOSTØTTEN NORD."})})
    store.submit(shouted, "Bostøtten Nord", TODAY)
    store.submit(submission(4), "Bostøtten Nord", TODAY)
    (path,) = store.settings.store.glob("*.xlsx")
    assert reader.read(loader.load(path)).unit.cover.unit == "Bostøtten Nord"
    with sqlite3.connect(store.settings.history_db) as con:
        assert {u for (u,) in con.execute("SELECT DISTINCT unit FROM levels")} == {"Bostøtten Nord"}


def test_a_rebuild_that_fails_is_tried_again_without_a_new_submission(tmp_path: Path):
    # Issue 13, item 13: the background rebuild waited for the next submission after a failure.
    from xlkompetence.org.retry import Backoff

    store = Store(make_settings(tmp_path))
    store.retry = Backoff(first=0.2)
    store.submit(submission(5), EXAMPLE_UNIT, TODAY)
    output = store.settings.output
    lock = output.with_name("~$" + output.name)
    lock.write_text("HR har planen åben")
    worker = threading.Thread(target=store.rebuild_loop, daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while store.retry.delay == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.retry.delay > 0 and not output.exists()  # the first rebuild failed
        lock.unlink()
        while not output.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert output.exists() and store.rebuilds == 1 and store.submissions == 1
    finally:
        store.stop.set()
        worker.join(timeout=30)


def test_the_plan_the_server_rebuilds_shows_the_round_and_goes_on_without_a_broken_list(tmp_path: Path):
    listing = tmp_path / "enheder.csv"
    listing.write_text(f"Enhed;Teams\n{EXAMPLE_UNIT};Team A\nEnheden, der mangler;Team A\n", encoding="utf-8")
    store = Store(make_settings(tmp_path).model_copy(update={"expected": listing}))
    store.submit(submission(5), EXAMPLE_UNIT, TODAY)
    store.rebuild()
    status = loader.load(store.settings.output).grids["Status for runden"]
    delivered = {status.get(r, 1): status.get(r, 3) for r in range(4, status.height + 1) if status.get(r, 1)}
    assert delivered == {EXAMPLE_UNIT: "Ja", "Enheden, der mangler": "Nej"}
    # HR breaks the list (no Teams column): the plan stays current, without the status.
    listing.write_text("Enhed\nNord\n", encoding="utf-8")
    store.submit(submission(4), EXAMPLE_UNIT, TODAY)
    store.rebuild()
    assert "Status for runden" not in loader.load(store.settings.output).grids and store.rebuilds == 2
