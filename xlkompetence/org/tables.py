"""An organisation workbook's long tables as pandas DataFrames, for analysts.

pandas is an optional extra (``pip install "xlkompetence[pandas]"``) and is imported only when
``read_org_tables`` is called: the rest of the package works without it.

Each column gets the dtype its content has: text as ``string``, counts, row numbers and levels
as ``Int64``, hours, kroner and means as ``Float64``, dates as ``datetime64``, Med as
``boolean``; a blank cell is ``<NA>``/``NaT``. The headers are the workbook's own (Danish).
"""

from __future__ import annotations

__all__ = ["LONG_TABLES", "read_org_tables"]

from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from ..core.labels import t
from ..core.schema import ANCHORING, INDIVIDUAL, PLAN, Column, Kind, Sheet, placed_columns

if TYPE_CHECKING:
    import pandas as pd

_Dtype = Literal["string", "Int64", "Float64", "datetime64[ns]", "boolean"]
_TEXT: Final = "string"
_INT: Final = "Int64"
_FLOAT: Final = "Float64"
_DATE: Final = "datetime64[ns]"
_BOOL: Final = "boolean"
# The row of each table's headers (0-based): a title above, then a blank row.
_HEADER_ROW = 2
_INT_COLUMNS = {"participants"}


def _schema_dtype(column: Column) -> _Dtype:
    if column.kind is Kind.DATE:
        return _DATE
    if column.kind is Kind.NUMBER:
        return _INT if column.id in _INT_COLUMNS else _FLOAT
    return _TEXT


def _unit_rows(sheet: Sheet) -> dict[str, _Dtype]:
    """Enhed and Række, then a template sheet's columns as the organisation workbook has them."""
    return {t("org.col.unit"): _TEXT, t("org.col.row"): _INT,
            **{p.header: _schema_dtype(p.column) for p in placed_columns(sheet)}}


def _labelled(pairs: tuple[tuple[str, _Dtype], ...]) -> dict[str, _Dtype]:
    return {t(key): dtype for key, dtype in pairs}


# Sheet → column → dtype, for every long table of the organisation workbook.
LONG_TABLES: dict[str, dict[str, _Dtype]] = {
    t("org.sheet.levels"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.team", _TEXT), ("org.col.id", _TEXT), ("org.col.profile", _TEXT),
        ("org.col.desired", _INT), ("org.col.actual", _INT), ("org.col.gap", _INT), ("org.col.not_relevant", _BOOL))),
    t("org.sheet.teams"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.team", _TEXT), ("org.col.team_size", _INT), ("org.col.assessed", _INT),
        ("org.col.missing", _INT), ("org.col.gap2_count", _INT), ("org.col.mean_positive_gap", _FLOAT),
        ("org.col.mean_gap", _FLOAT), ("org.col.leaders", _BOOL), ("org.col.tus_date", _DATE),
        ("org.col.tus_agreements", _TEXT), ("org.col.team_goal", _TEXT))),
    t("org.sheet.mix"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.learning_form", _TEXT), ("org.col.room", _TEXT),
        ("org.col.activities", _INT), ("org.col.hours", _FLOAT), ("org.col.kroner", _FLOAT))),
    t("org.sheet.resources"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.id", _TEXT), ("org.col.resource_count", _INT),
        ("org.col.resource_persons", _TEXT))),
    t("org.sheet.plan"): _unit_rows(PLAN),
    # With names the sheet holds bilag C's columns; without, counts per employee pseudonym.
    t("org.sheet.goals"): {**_unit_rows(INDIVIDUAL), **_labelled((
        ("org.goals.unit", _TEXT), ("org.goals.team", _TEXT), ("org.goals.employee", _TEXT),
        ("org.goals.goals", _INT), ("org.goals.activities", _INT)))},
    t("org.sheet.anchoring"): _unit_rows(ANCHORING),
    t("org.sheet.no_activity"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.team", _TEXT), ("org.col.id", _TEXT), ("org.col.profile", _TEXT),
        ("org.col.gap", _INT), ("org.col.priority", _TEXT), ("org.col.reason", _TEXT))),
    t("org.sheet.not_anchored"): _labelled((
        ("org.col.unit", _TEXT), ("org.col.row", _INT), ("org.col.id", _TEXT), ("org.col.activity", _TEXT),
        ("org.col.status", _TEXT), ("org.col.end", _DATE))),
    t("org.sheet.sources"): {
        **_labelled(tuple((f"org.src.{k}", _TEXT) for k in ("file", "unit", "leader", "teams", "sha256"))),
        t("org.src.modified"): _DATE, t("org.src.rows"): _INT, t("org.src.errors"): _INT,
        t("org.src.warnings"): _INT, t("org.src.included"): _BOOL, t("org.src.reason"): _TEXT,
    },
}


def read_org_tables(path: Path | str) -> dict[str, pd.DataFrame]:
    """The long tables of the organisation workbook at ``path`` (written by ``merge`` or
    ``watch``), one DataFrame per sheet, keyed by the sheet's name: Vurderinger, Teams,
    Læringsformer, Ressourcepersoner, Plan, Læringsmål, Forankring, Behov uden aktivitet, Uden forankring and Kilder. A column the
    workbook leaves out (the logbook of an anonymised merge) is simply not there.

    Example::

        from xlkompetence.org.tables import read_org_tables

        tables = read_org_tables("organisation.xlsx")
        levels = tables["Vurderinger"]
        levels.groupby("Nr.")["Gab"].agg(["mean", "max"])
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError('read_org_tables needs pandas: pip install "xlkompetence[pandas]"') from exc
    return {sheet: _typed(pd.read_excel(path, sheet_name=sheet, header=_HEADER_ROW, engine="calamine"), dtypes)
            for sheet, dtypes in LONG_TABLES.items()}


def _typed(frame: pd.DataFrame, dtypes: dict[str, _Dtype]) -> pd.DataFrame:
    """``frame`` without blank rows, each known column in its dtype."""
    import pandas as pd

    frame = frame.dropna(how="all").reset_index(drop=True)
    for column, dtype in dtypes.items():
        if column not in frame:
            continue
        values = frame[column]
        if dtype == _BOOL:
            frame[column] = values.map({t("org.yes"): True, t("org.no"): False}).astype(_BOOL)
        elif dtype == _DATE:
            frame[column] = pd.to_datetime(values, errors="coerce").astype(_DATE)
        elif dtype == _TEXT:
            frame[column] = values.astype("object").where(values.notna(), None).map(
                lambda v: v if v is None or isinstance(v, str) else _as_text(v)).astype(_TEXT)
        else:
            frame[column] = pd.to_numeric(values, errors="coerce").astype(dtype)
    return frame


def _as_text(value: object) -> str:
    """A number in a text column as the workbook shows it (a team called 1, not 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
