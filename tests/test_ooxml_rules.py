"""The checkers are trusted only after they have caught a broken file: each of Excel's
cross-part rules (``ooxml_rules``), the schema validator ``openxml-audit`` and SheetJS's strict
read, each on deliberately broken copies of a workbook Excel would open clean."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openxml_audit
import pytest
from lxml import etree

from xlkompetence.unit.refresh import refresh_file

import ooxml_rules
from conftest import TODAY
from excel_saved import save_as_excel
from ooxml_rules import MAIN, X14, q

NEEDS_SHEET = "xl/worksheets/sheet4.xml"  # Kompetencebehov: formulas, a table, conditional formats
PLAN_SHEET = "xl/worksheets/sheet6.xml"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """The concept's example, refreshed and saved by Excel: every part the rules look at."""
    from xlkompetence.core import examples
    from xlkompetence.unit.template import write_unit_workbook

    path = tmp_path_factory.mktemp("good") / "eksempel.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    refresh_file(path, TODAY)
    save_as_excel(path, path)
    return path


Edit = Callable[[etree._Element], None]


def broken(src: Path, dst: Path, edits: dict[str, Edit], *, zip64: str | None = None) -> Path:
    """A copy of ``src`` with parts edited (as XML), and the part ``zip64`` written as a
    stream of unknown size (ZIP64 records forced)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                root = etree.fromstring(data)
                edits[info.filename](root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            if info.filename == zip64:
                with zout.open(zipfile.ZipInfo(info.filename), "w", force_zip64=True) as out:
                    out.write(data)
            else:
                zout.writestr(info, data)
    if zip64:
        _sizes_in_zip64_only(dst, zip64)
    return dst


def _sizes_in_zip64_only(path: Path, name: str) -> None:
    """The part's local header as a streamed ZIP64 entry has it: 0xFFFFFFFF for both sizes, the
    real ones in the ZIP64 extra field only. (Python's zipfile writes that itself from 3.11.4
    on; earlier releases put the real sizes in the header too.)"""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo(name).header_offset
    assert raw[offset:offset + 4] == b"PK\x03\x04"
    name_len, extra_len = struct.unpack_from("<HH", raw, offset + 26)
    extra = raw[offset + 30 + name_len: offset + 30 + name_len + extra_len]
    assert extra[:2] == b"\x01\x00", "a ZIP64 extra field"  # force_zip64 always writes one
    struct.pack_into("<II", raw, offset + 18, 0xFFFFFFFF, 0xFFFFFFFF)
    path.write_bytes(bytes(raw))


def first(root: etree._Element, tag: str, ns: str = MAIN, **attrs: str) -> etree._Element:
    return next(el for el in root.iter(q(tag, ns)) if all(el.get(k) == v for k, v in attrs.items()))


def _plain_cell_in_chain(root):
    root.insert(0, etree.Element(q("c"), r="A1", i="4"))


def _rename_column(root):
    first(root, "tableColumn").set("name", "Nummer")


def _duplicate_table_id(root):
    root.set("id", "1")


def _short_autofilter(root):
    auto = root.find(q("autoFilter"))
    top_left, bottom_right = auto.get("ref").split(":")
    auto.set("ref", f"{top_left}:{bottom_right.rstrip('0123456789')}{int(bottom_right.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')) - 1}")


def _reversed_merge(root):
    merge = first(root, "mergeCell")
    merge.set("ref", ":".join(reversed(merge.get("ref").split(":"))))


def _drop_shared_strings_type(root):
    root.remove(next(o for o in root if o.get("PartName") == "/xl/sharedStrings.xml"))


def _missing_target(root):
    next(r for r in root if r.get("Target", "").endswith("theme1.xml")).set("Target", "theme/theme9.xml")


def _unknown_rel_id(root):
    first(root, "tablePart").set(f"{{{ooxml_rules.REL}}}id", "rId99")


def _dimension_after_views(root):
    dim = root.find(q("dimension"))
    root.find(q("sheetViews")).addnext(dim)


def _cells_swapped(root):
    row = next(r for r in root.iter(q("row")) if len(r.findall(q("c"))) >= 2)
    a, b = row.findall(q("c"))[:2]
    b.addnext(a)


def _string_past_table(root):
    first(root, "c", t="s").find(q("v")).text = "99999"


def _orphan_shared_formula(root):
    f = next(c for c in root.iter(q("c")) if c.find(q("f")) is not None).find(q("f"))
    f.set("t", "shared")
    f.set("si", "7")
    f.text = None


def _same_priority(root):
    rules = list(root.iter(q("cfRule"))) + list(root.iter(q("cfRule", X14)))
    rules[1].set("priority", rules[0].get("priority"))


def _style_past_table(root):
    first(root, "c").set("s", "9999")


BREAKS = {
    "calc_chain": ("xl/calcChain.xml", _plain_cell_in_chain),
    "table_headers": ("xl/tables/table1.xml", _rename_column),
    "table_ids": ("xl/tables/table2.xml", _duplicate_table_id),
    "table_ranges": ("xl/tables/table4.xml", _short_autofilter),
    "ranges": (NEEDS_SHEET, _reversed_merge),
    "content_types": ("[Content_Types].xml", _drop_shared_strings_type),
    "relationship_targets": ("xl/_rels/workbook.xml.rels", _missing_target),
    "relationship_ids": (PLAN_SHEET, _unknown_rel_id),
    "worksheet_order": (PLAN_SHEET, _dimension_after_views),
    "rows_and_cells": (PLAN_SHEET, _cells_swapped),
    "shared_strings": (PLAN_SHEET, _string_past_table),
    "shared_formulas": (NEEDS_SHEET, _orphan_shared_formula),
    "cf_priorities": (NEEDS_SHEET, _same_priority),
    "style_indexes": (PLAN_SHEET, _style_past_table),
}


def test_the_good_file_passes_every_rule(good):
    assert ooxml_rules.check(good) == []


def test_every_rule_has_a_broken_copy_that_it_catches():
    assert set(BREAKS) | {"zip_entries"} == set(ooxml_rules.RULES)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_rule_catches_its_broken_copy(good, tmp_path, rule):
    part, edit = BREAKS[rule]
    problems = ooxml_rules.check(broken(good, tmp_path / "brudt.xlsx", {part: edit}))
    assert problems and {p.rule for p in problems} == {rule}, problems


def test_zip64_records_on_a_small_part_are_caught(good, tmp_path):
    problems = ooxml_rules.check(broken(good, tmp_path / "brudt.xlsx", {}, zip64=PLAN_SHEET))
    assert [(p.rule, p.part) for p in problems] == [("zip_entries", PLAN_SHEET)]


# -- openxml-audit: schema validation, trusted once it has failed a broken file ----------------------



@pytest.fixture(scope="module")
def validator():
    return openxml_audit.OpenXmlValidator()


def _unknown_element(root):
    root.find(q("sheetData")).addnext(etree.Element(q("notAnElement")))


def _bad_attribute(root):
    first(root, "row").set("ht", "høj")


SCHEMA_BREAKS = {
    "wrong element order": (PLAN_SHEET, _dimension_after_views),
    "unknown element": (PLAN_SHEET, _unknown_element),
    "bad attribute value": (PLAN_SHEET, _bad_attribute),
    "shared string past the table": (PLAN_SHEET, _string_past_table),
}


def test_openxml_audit_passes_the_good_file(good, validator):
    result = validator.validate(good)
    assert result.is_valid, result.errors[:5]


@pytest.mark.parametrize("case", sorted(SCHEMA_BREAKS))
def test_openxml_audit_fails_a_broken_copy(good, tmp_path, validator, case):
    part, edit = SCHEMA_BREAKS[case]
    result = validator.validate(broken(good, tmp_path / "brudt.xlsx", {part: edit}))
    assert not result.is_valid


# -- SheetJS: a strict second reader in node ---------------------------------------------------------

def _trailing_separator_format(root):
    """Every cell format shows numbers as "#,##0.##" does (20 as "20,"): the template's old
    format for hours and kroner."""
    fmts = root.find(q("numFmts"))
    if fmts is None:
        fmts = etree.Element(q("numFmts"))
        root.insert(0, fmts)
    etree.SubElement(fmts, q("numFmt"), numFmtId="200", formatCode="#,##0.##")
    fmts.set("count", str(len(fmts)))
    for xf in first(root, "cellXfs"):
        xf.set("numFmtId", "200")
        xf.set("applyNumberFormat", "1")


def test_sheetjs_reads_the_good_file_and_refuses_broken_copies(good, tmp_path, sheetjs):
    zip64 = broken(good, tmp_path / "zip64.xlsx", {}, zip64=PLAN_SHEET)
    number_format = broken(good, tmp_path / "format.xlsx", {"xl/styles.xml": _trailing_separator_format})
    read = sheetjs.read(good, zip64, number_format)
    assert "error" not in read[good]
    assert "Bad compressed size" in read[zip64]["error"]
    assert "unsupported format" in read[number_format]["error"]
