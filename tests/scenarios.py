"""The file of every scenario the project writes, built on first use: a blank template and the
concept's example, refreshed after a leader's edits in Excel, synced, merged with and without
names and with the round's list, carried to the next round, history, add-ins, MUS/PUS sheets,
a unit made by ``new`` and by ``rollout``, and a workbook saved by LibreOffice and refreshed."""

from __future__ import annotations

import shutil
import zipfile
from functools import cached_property
from pathlib import Path

from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.models import Profile, UnitWorkbook
from xlkompetence.core.schema import NEEDS, PLAN, PROFILES
from xlkompetence.demo import TEMPLATE_FILE, EXAMPLE_FILE, write_examples
from xlkompetence.excel.lite import add_lite
from xlkompetence.excel.xlam import build_addin, template_path
from xlkompetence.org import history
from xlkompetence.org.historybook import write_history_xlsx
from xlkompetence.org.disclosure import Disclosure
from xlkompetence.org.merge import merge_files
from xlkompetence.org.nextround import next_round
from xlkompetence.org.rollout import rollout
from xlkompetence.org.sync import sync_paths
from xlkompetence.unit.conversation import fetch_agreements, write_conversations
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.xlsx import loader
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells
from excel_saved import save_as_excel

A, B, D = PROFILES.name, NEEDS.name, PLAN.name


# The organisation's key the MUS/PUS sheets here are signed and checked with.
MUS_KEY = b"c" * 32


def table_end(path: Path, table: str) -> int:
    """The last row of ``table``."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if part.startswith("xl/tables/") and etree.fromstring(zf.read(part)).get("name") == table:
                return int(etree.fromstring(zf.read(part)).get("ref").split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    raise KeyError(table)


def leader_edits(path: Path) -> None:
    """What a leader does between two refreshes, in Excel: a plan row done (two findings go
    away), new levels, a mistake, a new profile, and rows typed directly below two tables."""
    plan_row, needs_row = table_end(path, PLAN.table) + 1, table_end(path, NEEDS.table) + 1
    set_cells(path, {
        (D, "J5"): "Gennemført", (B, "C9"): 5, (B, "D9"): 1, (B, "L8"): "tre",
        (A, "A8"): "K4", (A, "D8"): "Vi skal kunne bruge netværksmøder.",
        (B, f"A{needs_row}"): "K4", (B, f"C{needs_row}"): 5, (B, f"D{needs_row}"): 2,
        (D, f"C{plan_row}"): "Sidemandsoplæring", (D, f"G{plan_row}"): "Kim", (D, f"I{plan_row}"): "1 dag",
    })


class Outputs:
    """The file of each scenario, built on first use; ``libreoffice`` (the tests' fixture) for
    the scenarios that go through LibreOffice."""

    def __init__(self, folder: Path, libreoffice=None):
        self.folder = folder
        self.libreoffice = libreoffice

    def path(self, scenario: str) -> Path:
        return getattr(self, SEEN.get(scenario) or SCENARIOS[scenario])

    def fresh(self, name: str) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    @cached_property
    def examples(self) -> Path:
        folder = self.fresh("eksempler/x").parent
        write_examples(folder, TODAY)
        return folder

    @cached_property
    def template(self) -> Path:
        return self.examples / TEMPLATE_FILE

    @cached_property
    def example(self) -> Path:
        return self.examples / EXAMPLE_FILE

    def refreshed_after_edits(self, path: Path, vba: bytes | None = None, edit=leader_edits) -> Path:
        """``path`` refreshed, saved by Excel, edited by the leader, saved, refreshed again."""
        refresh_file(path, TODAY)
        save_as_excel(path, path, vba=vba)
        edit(path)
        save_as_excel(path, path, vba=vba)
        refresh_file(path, TODAY)
        return path

    @cached_property
    def refreshed(self) -> Path:
        return self.refreshed_after_edits(Path(shutil.copy(self.example, self.fresh("opdateret/eksempel.xlsx"))))

    @cached_property
    def findings_gone(self) -> Path:
        path = Path(shutil.copy(self.example, self.fresh("fund/eksempel.xlsx")))
        return self.refreshed_after_edits(path, edit=lambda p: set_cells(p, {(D, "J5"): "Gennemført"}))

    @cached_property
    def refreshed_xlsm(self) -> Path:
        with zipfile.ZipFile(template_path()) as zf:
            vba = zf.read("xl/vbaProject.bin")
        path = Path(shutil.copy(self.example, self.fresh("xlsm/eksempel.xlsm")))
        return self.refreshed_after_edits(path, vba)

    @cached_property
    def synced(self) -> Path:
        profiles = examples.concept_example().profiles
        org = self.fresh("sync/organisation.xlsx")
        write_unit_workbook(org, UnitWorkbook(profiles=profiles, teams=("Organisation",)), today=TODAY)
        unit = self.fresh("sync/enheder/solhjem.xlsx")
        result = CliRunner().invoke(cli, ["new", str(unit), "--unit", "Solhjem", "--team", "Team A", "--team",
                                          "Team B", "--org", str(org), "--today", "2026-11-24"])
        assert result.exit_code == 0, result.output
        self.refreshed_after_edits(unit)
        # The organisation rewords K1, drops K3 and adds K9.
        changed = (profiles[0].model_copy(update={"text": profiles[0].text + " (ny ordlyd)"}), profiles[1],
                   Profile(id="K9", strategy="Ny strategi", goal="Nyt mål", text="Vi skal kunne noget nyt."))
        write_unit_workbook(org, UnitWorkbook(profiles=changed, teams=("Organisation",)), today=TODAY)
        (report,) = sync_paths(org, [unit], TODAY)
        assert report.written, report.findings
        return unit

    @cached_property
    def units(self) -> Path:
        folder = self.fresh("enheder/x").parent
        for name, unit in examples.demo_units():
            write_unit_workbook(folder / name, unit, today=TODAY)
        shutil.copy(self.refreshed, folder / "opdateret.xlsx")
        return folder

    @cached_property
    def merged(self) -> Path:
        out = self.fresh("org/organisation.xlsx")
        merge_files([self.units], out, TODAY, db=history.default_db(out))
        return out

    @cached_property
    def with_round(self) -> Path:
        listing = self.fresh("runde/enheder.csv")
        listing.write_text("Enhed;Teams\nBostøtten Nord;Dagteam\nEnheden, der mangler;Team A\n", encoding="utf-8")
        out = self.fresh("runde/organisation.xlsx")
        merge_files([self.units], out, TODAY, expected=listing)
        return out

    @cached_property
    def next_round(self) -> Path:
        out = self.fresh("runde-2027/x").parent
        (report,) = next_round([self.refreshed], out, TODAY)
        assert report.written, report.findings
        return report.target

    @cached_property
    def with_names(self) -> Path:
        out = self.fresh("navne/organisation.xlsx")
        merge_files([self.units], out, TODAY, disclosure=Disclosure.NAMES)
        return out

    @cached_property
    def history(self) -> Path:
        db = history.default_db(self.merged)
        nord = self.units / examples.demo_units()[1][0]
        set_cells(nord, {("Forside", "B7"): "2027", (B, "D8"): 5})  # the next round
        merge_files([self.units], self.merged.with_name("igen.xlsx"), TODAY, db=db)
        out = self.fresh("historik/historik.xlsx")
        write_history_xlsx(out, history.load(db))
        return out

    @cached_property
    def with_lite(self) -> Path:
        path = Path(shutil.copy(self.refreshed, self.fresh("lite/eksempel.xlsx")))
        assert add_lite(path).written
        return path

    @cached_property
    def mus_sheet(self) -> Path:
        folder = self.fresh("mus/x").parent
        write_conversations(self.example, folder, TODAY, key=MUS_KEY)
        return folder / "MUS-PUS Karl.xlsx"

    @cached_property
    def mus_fetched(self) -> Path:
        """The example after an employee's sheet came back with goals and dates."""
        unit = Path(shutil.copy(self.example, self.fresh("mus-hentet/eksempel.xlsx")))
        folder = self.fresh("mus-hentet/ark/x").parent
        write_conversations(unit, folder, TODAY, key=MUS_KEY)
        sheet = folder / "MUS-PUS Karl.xlsx"
        grid = loader.load(sheet).grids["MUS-PUS"]
        rows = {grid.get(r, 1): r for r in range(1, grid.height + 1)}
        set_cells(sheet, {("MUS-PUS", f"B{rows['Personlige læringsmål']}"): "Bruge MI",
                          ("MUS-PUS", f"B{rows['Aftalt ved MUS/PUS (dato)']}"): TODAY})
        assert fetch_agreements(unit, folder, TODAY, key=MUS_KEY).written
        return unit

    @cached_property
    def addin(self) -> Path:
        return build_addin(self.fresh("xlam/x").parent)

    @cached_property
    def made_by_new(self) -> Path:
        path = self.fresh("ny/solhjem.xlsx")
        result = CliRunner().invoke(cli, ["new", str(path), "--unit", "Botilbuddet Solhjem", "--team", "Dagteamet",
                                          "--team", "Aftenteamet Syd", "--period", "2026", "--today", "2026-11-24"])
        assert result.exit_code == 0, result.output
        return path

    @cached_property
    def rolled_out(self) -> Path:
        listing = self.fresh("udrulning/enheder.csv")
        listing.write_text('Enhed;Leder;Teams\nBostøtten Nord;Kim;"Dagteam (10); Aftenteam (8)"\n'
                           "Værestedet Syd;Lise;Værestedet (6)\n", encoding="utf-8")
        report = rollout(listing, listing.parent / "enheder", TODAY)
        assert report.made, report.findings
        return report.made[0][1]

    @cached_property
    def saved_by_libreoffice(self) -> Path:
        """The example refreshed, its plan row finished and saved in LibreOffice (which renumbers
        the styles and writes every cell its own way), then refreshed again."""
        path = Path(shutil.copy(self.example, self.fresh("libreoffice/eksempel.xlsx")))
        refresh_file(path, TODAY)
        self.libreoffice.edit(path, {D: {"J5": "Gennemført"}, B: {"D9": 1}})
        refresh_file(path, TODAY)
        return path


SCENARIOS = {
    "skabelon": "template",
    "eksempel": "example",
    "opdateret efter ændringer": "refreshed",
    "opdateret, to fund væk": "findings_gone",
    "opdateret .xlsm": "refreshed_xlsm",
    "synkroniseret": "synced",
    "organisation": "merged",
    "organisation med navne": "with_names",
    "organisation med rundens status": "with_round",
    "næste runde": "next_round",
    "historik": "history",
    "tilføjelsesprogram (.xlam)": "addin",
    "med xlwings Lite": "with_lite",
    "MUS/PUS-ark": "mus_sheet",
    "MUS/PUS hentet": "mus_fetched",
    "ny": "made_by_new",
    "udrulning": "rolled_out",
}
# The files a leader and HR open, for what they see: every scenario above but the add-in, and a
# workbook saved by LibreOffice between two refreshes.
SEEN = {**{k: v for k, v in SCENARIOS.items() if v != "addin"}, "gemt i LibreOffice": "saved_by_libreoffice"}


