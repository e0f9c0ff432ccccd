"""The demo: the concept's example → unit workbooks → validate → refresh → organisation plan."""

from __future__ import annotations

__all__ = ["TEMPLATE_FILE", "EXAMPLE_FILE", "write_examples", "run"]

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .core import examples
from .core.labels import count, t
from .org.merge import merge_files, org_lines
from .unit.refresh import refresh_file
from .unit.template import write_unit_workbook
from .unit.validate import read_checked

TEMPLATE_FILE = "skabelon.xlsx"
EXAMPLE_FILE = "eksempel.xlsx"


def write_examples(directory: Path, today: date) -> list[Path]:
    """The blank template and the concept's worked example, generated from the schema, each
    with the findings ``validate`` reports for it in Overblik and Fejl og mangler."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, unit in ((TEMPLATE_FILE, examples.blank("", ("Team A", "Team B"))),
                       (EXAMPLE_FILE, examples.concept_example())):
        path = directory / name
        write_unit_workbook(path, unit, today=today)
        written.append(path)
    return written


def run(directory: Path, today: date) -> Iterator[str]:
    directory = Path(directory)
    units = directory / "enheder"
    units.mkdir(parents=True, exist_ok=True)
    yield t("demo.templates", folder=f"{directory}/")
    for path in write_examples(directory, today):
        yield f"   {path}"
    yield t("demo.units", folder=f"{units}/")
    paths = []
    for filename, unit in examples.demo_units():
        path = units / filename
        write_unit_workbook(path, unit, today=today)
        paths.append(path)
        yield t("demo.unit", path=path, unit=unit.cover.unit, teams=count(len(unit.teams), "team"),
                profiles=count(len(unit.profiles), "profile"))
    yield t("demo.validation")
    for path in paths:
        report = read_checked(path, today)
        yield t("demo.validated", file=path.name, errors=count(report.errors, "error"),
                warnings=count(report.warnings, "warning"))
        for f in report.findings[:3]:
            yield f"      {f.location}: {f.message}"
        if len(report.findings) > 3:
            yield t("demo.more", more=count(len(report.findings) - 3, "more"))
    yield t("demo.refresh")
    for path in paths:
        result = refresh_file(path, today)
        refreshed = result.report.unit
        levels = [(a.desired, a.actual) for a in refreshed.assessments
                  if a.desired is not None and a.actual is not None] if refreshed else []
        yield t("demo.refreshed" if result.written else "demo.not_refreshed", file=path.name,
                assessments=count(len(levels), "assessment"),
                gap2=count(sum(1 for desired, actual in levels if desired - actual >= 2), "gap2"))
    org_path = directory / "organisation.xlsx"
    yield t("demo.org", path=org_path)
    org = merge_files([units], org_path, today)
    for line in org_lines(org, org_path):
        yield f"   {line}"
    yield t("demo.open", unit=units / paths[0].name, org=org_path)
