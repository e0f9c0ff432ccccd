"""Each sheet's print area in a workbook's ``<definedNames>`` (``_xlnm.Print_Area``, scoped to
the sheet by its position): set by refresh where a sheet says it should be, so that a workbook
without one, or with an older one, gets the template's."""

from __future__ import annotations

__all__ = ["PRINT_AREA", "set_print_areas"]

from collections.abc import Mapping

from lxml import etree

from .package import parse_xml, q, serialise

PRINT_AREA = "_xlnm.Print_Area"
# <definedNames> comes after these elements of <workbook> (ECMA-376 18.2.27), last first.
_BEFORE = ("externalReferences", "functionGroups", "sheets", "workbookProtection", "bookViews", "fileSharing", "workbookPr", "fileVersion")


def set_print_areas(data: bytes, areas: Mapping[str, str]) -> bytes:
    """The workbook part ``data`` with the print area of each sheet named in ``areas`` (sheet name
    → the area's formula, without "="), in place of the one it had."""
    root = parse_xml(data)
    positions = {s.get("name"): i for i, s in enumerate(root.iterfind(f"{q('sheets')}/{q('sheet')}"))}
    # In sheet order, whatever order the edits came in: the same areas give the same part.
    wanted = {str(positions[name]): formula
              for name, formula in sorted(areas.items(), key=lambda kv: positions.get(kv[0], -1)) if name in positions}
    if not wanted:
        return data
    names = root.find(q("definedNames"))
    if names is None:
        names = etree.Element(q("definedNames"))
        anchor = next(el for el in (root.find(q(t)) for t in _BEFORE) if el is not None)
        anchor.addnext(names)
    for el in list(names):
        if el.get("name") == PRINT_AREA and el.get("localSheetId") in wanted:
            names.remove(el)
    for sheet_id, formula in wanted.items():
        etree.SubElement(names, q("definedName"), name=PRINT_AREA, localSheetId=sheet_id).text = formula
    return serialise(root)
