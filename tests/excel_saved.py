"""A copy of a workbook as Excel would save it, for tests of what refresh and sync do to files
that have been through Excel.

Excel adds what our writers do not: a calculation chain (``xl/calcChain.xml``) listing every
formula cell, its own namespaces with revision ids on worksheets, rows and tables
(``mc:Ignorable="x14ac xr xr2 xr3"``), and every text in the shared-string table (it turns
inline strings into shared ones). It also drops ``fullCalcOnLoad``: it has just calculated.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

from lxml import etree

from ooxml_rules import CT, MAIN, PKG_REL, Package, q

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
XR2 = "http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"
XR3 = "http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CALC_CHAIN_TYPE = REL_NS + "/calcChain"
CALC_CHAIN_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
SST_TYPE = REL_NS + "/sharedStrings"
SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_CT = "application/vnd.ms-office.vbaProject"
XLSM_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _uid(*seed: str) -> str:
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(seed))).upper() + "}"


def _with_namespaces(root: etree._Element, extra: dict[str, str], ignorable: str, uid: str) -> etree._Element:
    """``root`` rebuilt with Excel's extra namespaces declared on it, as Excel writes them."""
    nsmap = {**root.nsmap, "mc": MC, **extra}
    new = etree.Element(root.tag, nsmap=nsmap)
    new.set(f"{{{MC}}}Ignorable", ignorable)
    for k, v in root.attrib.items():
        new.set(k, v)
    new.set(f"{{{XR}}}uid", uid)
    new.text = root.text
    new.extend(list(root))
    return new


def save_as_excel(src: Path, dst: Path, *, vba: bytes | None = None) -> None:
    """Write ``src`` to ``dst`` the way Excel saves it (see the module's docstring); with
    ``vba`` (a vbaProject.bin) as a macro-enabled workbook (.xlsm)."""
    pkg = Package(src)
    try:
        parts = {name: pkg.zip.read(name) for name in pkg.names}
        sheets, workbook = pkg.sheets, pkg.workbook
        sst_parts = pkg.related(workbook, "sharedStrings")
        tables = [(table, pkg.xml(table)) for _, table, _ in pkg.tables()]
    finally:
        pkg.close()
    sst_name = sst_parts[0] if sst_parts else "xl/sharedStrings.xml"
    sst = etree.fromstring(parts[sst_name]) if sst_name in parts else etree.Element(q("sst"), nsmap={None: MAIN})
    index = {"".join(si.itertext()): i for i, si in enumerate(sst.findall(q("si"))) if si.find(q("r")) is None}
    chain = etree.Element(q("calcChain"), nsmap={None: MAIN})
    for name, sheet_id, part in sheets:
        root = etree.fromstring(parts[part])
        first = True
        for row in root.iter(q("row")):
            row.set(f"{{{X14AC}}}dyDescent", "0.25")
        for c in root.iter(q("c")):
            if c.get("t") == "inlineStr":
                _share(c, sst, index)
            if c.find(q("f")) is not None:
                entry = etree.SubElement(chain, q("c"), r=c.get("r"))
                if first:
                    entry.set("i", sheet_id)
                    first = False
        root = _with_namespaces(root, {"x14ac": X14AC, "xr": XR, "xr2": XR2, "xr3": XR3},
                                "x14ac xr xr2 xr3", _uid(str(src.name), part))
        parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for table, root in tables:
        for col in root.iter(q("tableColumn")):
            col.set(f"{{{XR3}}}uid", _uid(table, col.get("id", "")))
        auto = root.find(q("autoFilter"))
        if auto is not None:
            auto.set(f"{{{XR}}}uid", _uid(table, "autoFilter"))
        root = _with_namespaces(root, {"xr": XR, "xr3": XR3}, "xr xr3", _uid(table))
        parts[table] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    sst.set("count", str(len(sst)))
    sst.set("uniqueCount", str(len(sst)))
    parts[sst_name] = etree.tostring(sst, xml_declaration=True, encoding="UTF-8", standalone=True)
    folder = workbook.rsplit("/", 1)[0]
    rels_name = f"{folder}/_rels/{workbook.rsplit('/', 1)[1]}.rels"
    rels = etree.fromstring(parts[rels_name])
    ct = etree.fromstring(parts["[Content_Types].xml"])
    if not sst_parts:
        _relate(rels, ct, SST_TYPE, sst_name, folder, SST_CT)
    _unrelate(rels, ct, CALC_CHAIN_TYPE, parts)
    if len(chain):
        parts[f"{folder}/calcChain.xml"] = etree.tostring(chain, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
        _relate(rels, ct, CALC_CHAIN_TYPE, f"{folder}/calcChain.xml", folder, CALC_CHAIN_CT)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[workbook] = _calculated(parts[workbook])
    if vba is not None:
        _macro_enabled(parts, workbook, vba)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def _share(c: etree._Element, sst: etree._Element, index: dict[str, int]) -> None:
    text = "".join(t.text or "" for t in c.iter(q("t")))
    if text not in index:
        si = etree.SubElement(sst, q("si"))
        t = etree.SubElement(si, q("t"))
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        index[text] = len(sst) - 1
    for child in list(c):
        if child.tag == q("is"):
            c.remove(child)
    c.set("t", "s")
    etree.SubElement(c, q("v")).text = str(index[text])


def _relate(rels: etree._Element, ct: etree._Element, rel_type: str, part: str, folder: str, content_type: str) -> None:
    ids = {r.get("Id") for r in rels}
    n = len(ids) + 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(rels, q("Relationship", PKG_REL), Id=f"rId{n}", Type=rel_type,
                     Target=part[len(folder) + 1:])
    etree.SubElement(ct, q("Override", CT), PartName="/" + part, ContentType=content_type)


def _unrelate(rels: etree._Element, ct: etree._Element, rel_type: str, parts: dict[str, bytes]) -> None:
    """Drop an earlier save's part of ``rel_type``: Excel writes it anew."""
    for rel in [r for r in rels if r.get("Type") == rel_type]:
        rels.remove(rel)
        for override in [o for o in ct if o.get("PartName", "").endswith("/" + rel.get("Target", ""))]:
            ct.remove(override)
            parts.pop(override.get("PartName").lstrip("/"), None)


def _macro_enabled(parts: dict[str, bytes], workbook: str, vba: bytes) -> None:
    """The workbook as .xlsm: its VBA project, related and typed as Excel does it."""
    folder = workbook.rsplit("/", 1)[0]
    rels_name = f"{folder}/_rels/{workbook.rsplit('/', 1)[1]}.rels"
    rels = etree.fromstring(parts[rels_name])
    ct = etree.fromstring(parts["[Content_Types].xml"])
    if f"{folder}/vbaProject.bin" not in parts:
        _relate(rels, ct, VBA_TYPE, f"{folder}/vbaProject.bin", folder, VBA_CT)
    parts[f"{folder}/vbaProject.bin"] = vba
    for override in ct:
        if override.get("PartName") == "/" + workbook:
            override.set("ContentType", XLSM_CT)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8", standalone=True)


def _calculated(data: bytes) -> bytes:
    root = etree.fromstring(data)
    calc = root.find(q("calcPr"))
    if calc is not None:
        calc.attrib.pop("fullCalcOnLoad", None)
        calc.set("calcId", "191029")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
