"""Write the organisation workbook: Overblik first, the round's status where there is a list
of it, then Kompetencematrix, Vurderinger, Teams, Læringsformer, Ressourcepersoner, Plan,
Læringsmål, Forankring, Behov uden aktivitet, Uden forankring, MED-SU, Kilder and Fejl og
mangler. Laid out in memory, then streamed into the file with its long tables.

Each sheet's writer: ``orgoverview`` (Overblik), ``orgmatrix`` (Kompetencematrix,
Vurderinger), ``orglists`` (every sheet that is one table).
"""
from __future__ import annotations

__all__ = ["write_org_workbook"]

import gc
from pathlib import Path

from ..core.labels import conversation_named, t
from ..xlsx.bulkrows import fill
from ..xlsx.files import write_atomic
from ..xlsx.written import fit_rows
from .orglists import ListWriter
from .orgmatrix import MatrixWriter
from .orgoverview import OverviewWriter
from .orgplan import OrgPlan
from .spill import SpillFolder


def write_org_workbook(path: Path, org: OrgPlan) -> None:
    """Write ``org`` to ``path`` atomically. ``org`` must be made of disclosed inputs (``merge.disclosed``):
    what it carries of the units' personal data has been decided before anything is written."""
    if org.disclosure is None:
        raise ValueError("the organisation plan must be disclosed before it is written")
    # The conversation named as the units name it, where they agree.
    names = {" ".join(e.cover.conversation.split()) for _, e in org.named if e.cover}
    with conversation_named(names.pop() if len(names) == 1 else None):
        write_atomic(Path(path), lambda tmp: _OrgWriter(org).write(tmp))


class _OrgWriter(OverviewWriter, MatrixWriter, ListWriter):
    """Every sheet's writer, on one workbook."""

    def write(self, dest: Path) -> None:
        rows = SpillFolder()
        try:
            self.gather(rows.path)
            self.lay_out()
            # What XlsxWriter held (a cell and a banner per unit's team) is let go before the rows
            # are streamed in; its objects refer to each other, so only the collector frees them.
            del self.wb
            gc.collect()
            fill(self.layout.getvalue(), dest, self.bulks)
        finally:
            rows.close()

    def lay_out(self) -> None:
        overview = self.wb.add_worksheet(t("org.sheet.overview"))
        if self.org.round is not None:
            self.write_round(self.wb.add_worksheet(t("round.sheet")))
        self.write_matrices()
        self.write_levels(self.wb.add_worksheet(t("org.sheet.levels")))
        self.write_teams(self.wb.add_worksheet(t("org.sheet.teams")))
        self.write_mix(self.wb.add_worksheet(t("org.sheet.mix")))
        self.write_resources(self.wb.add_worksheet(t("org.sheet.resources")))
        self.write_plan(self.wb.add_worksheet(t("org.sheet.plan")))
        self.write_goals(self.wb.add_worksheet(t("org.sheet.goals")))
        self.write_anchoring(self.wb.add_worksheet(t("org.sheet.anchoring")))
        self.write_unmet(self.wb.add_worksheet(t("org.sheet.no_activity")))
        self.write_unanchored(self.wb.add_worksheet(t("org.sheet.not_anchored")))
        self.write_committee(self.wb.add_worksheet(t("org.sheet.committee")))
        self.write_sources(self.wb.add_worksheet(t("org.sheet.sources")))
        self.write_findings(self.wb.add_worksheet(t("org.sheet.findings")))
        self.write_overview(overview)
        overview.activate()
        # The fixed rows (titles, intros, headers) as tall as their text, from the cells
        # XlsxWriter holds (no second parse of the layout, which grows with the units); the
        # streamed rows get theirs as they are written.
        fit_rows(self.wb)
        self.wb.close()
