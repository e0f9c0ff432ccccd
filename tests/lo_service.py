"""LibreOffice for the tests, started once and driven over UNO.

    /usr/bin/python3 tests/lo_service.py PROFILE_DIR [LOCALE]

Runs under a Python that has LibreOffice's ``uno`` module (Debian's python3-uno), not the
project's: it imports nothing from the project. It starts one ``soffice --headless`` with the
profile in PROFILE_DIR (the tests' profile recalculates every formula on load) and answers
one JSON request per line on stdin with one JSON line on stdout:

    {"op": "convert", "path": P, "target": "csv:Text - txt - csv (StarCalc):44,34,…", "outdir": D}
        what ``soffice --convert-to TARGET P --outdir D`` writes (D/<stem>.<ext>; a CSV of
        every sheet with sheet token -1 is D/<stem>-<sheet>.csv per sheet)
    {"op": "edit", "path": P, "cells": {sheet: {cell: value}}, "save_as": Q}
        opens P, types each value into its cell as a person does in LibreOffice (a number, a
        date {"date": "2026-11-24"} or {"datetime": …}, text; "" or null empties the cell) and
        saves as Excel 2007-365 to Q (P when Q is null)
    {"op": "pid"}  the process group soffice runs in

Answers are {"ok": …} or {"error": "…"}. An soffice that died or hangs is started again and
the request tried once more, so one crash does not fail the rest of a test run. On end of
input, or {"op": "quit"}, soffice is closed and the script ends: no soffice is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

# The filters --convert-to picks for these extensions when a spreadsheet is saved.
FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "xls": "MS Excel 97", "ods": "calc8", "pdf": "calc_pdf_Export",
           "csv": "Text - txt - csv (StarCalc)"}
EXCEL = FILTERS["xlsx"]
START_SECONDS = 60
# Far above any conversion the tests make (a few seconds); a hung soffice is killed after it.
REQUEST_SECONDS = 180
# com.sun.star.util.NumberFormat.DATE, .DATETIME
DATE, DATETIME = 2, 6


def props(**values) -> tuple:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def url(path: str | Path) -> str:
    return uno.systemPathToFileUrl(str(Path(path).resolve()))


class Office:
    """One soffice process and the UNO connection to it."""

    def __init__(self, profile: Path, locale: str | None):
        self.profile = profile
        self.env = {**os.environ, **({"LC_ALL": locale, "LANG": locale} if locale else {})}
        self.proc: subprocess.Popen | None = None
        self.desktop = None

    def start(self) -> None:
        pipe = f"xlk-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # A session of its own: soffice is a script that starts soffice.bin, and the whole
        # group is what must go when it hangs.
        self.proc = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={url(self.profile)}", "--headless", "--invisible", "--norestore",
             "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env,
            start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError("LibreOffice (soffice) startede ikke") from None
                time.sleep(0.05)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc, self.desktop = None, None

    def close(self) -> None:
        if self.alive():
            try:
                self.desktop.terminate()
                self.proc.wait(timeout=30)
            except Exception:
                pass
        # Whatever soffice.bin left in its group goes with it.
        self.kill()

    def load(self, path: str, *, read_only: bool):
        # As --convert-to loads: hidden, no macros, links to other files not updated.
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, props(
            Hidden=True, ReadOnly=read_only, MacroExecutionMode=0, UpdateDocMode=0))
        if doc is None:
            raise ValueError(f"LibreOffice kunne ikke åbne {path}")
        return doc

    # -- the requests -------------------------------------------------------------------------------

    def convert(self, path: str, target: str, outdir: str) -> list[str]:
        ext, _, rest = target.partition(":")
        filter_name, _, options = rest.partition(":")
        filter_name = filter_name or FILTERS[ext]
        out = Path(outdir) / f"{Path(path).stem}.{ext}"
        out.parent.mkdir(parents=True, exist_ok=True)
        doc = self.load(path, read_only=True)
        try:
            doc.storeToURL(url(out), props(FilterName=filter_name, FilterOptions=options, Overwrite=True))
        finally:
            doc.close(True)
        return [str(out)]

    def edit(self, path: str, cells: dict[str, dict[str, object]], save_as: str | None, *,
             unprotect: bool = False, comments: dict[str, dict[str, str]] | None = None,
             new_sheets: dict[str, dict[str, object]] | None = None) -> str:
        target = Path(save_as or path)
        # Written beside the target and moved over it once whole, so a failed save leaves no
        # half file, and P itself can be the target while it is open.
        tmp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.xlsx")
        doc = self.load(path, read_only=False)
        try:
            for name, values in (new_sheets or {}).items():
                # A sheet of the person's own, added last, as Excel's "+" does.
                doc.Sheets.insertNewByName(name, doc.Sheets.Count)
                cells = {**cells, name: values}
            for sheet_name, values in cells.items():
                sheet = doc.Sheets.getByName(sheet_name)
                if unprotect and sheet.isProtected():
                    sheet.unprotect("")  # Gennemse → Fjern arkbeskyttelse: the sheets have no password
                for cell_name, value in values.items():
                    cell = sheet.getCellRangeByName(cell_name)
                    if sheet.isProtected() and cell.CellProtection.IsLocked:
                        # Where a person cannot type, neither does this.
                        raise PermissionError(f"{sheet_name}!{cell_name} er låst (arket er beskyttet)")
                    self.type_into(doc, cell, value)
            for sheet_name, notes in (comments or {}).items():
                sheet = doc.Sheets.getByName(sheet_name)
                for cell_name, text in notes.items():
                    sheet.Annotations.insertNew(sheet.getCellRangeByName(cell_name).CellAddress, text)
            doc.storeToURL(url(tmp), props(FilterName=EXCEL, Overwrite=True))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            doc.close(True)
        os.replace(tmp, target)
        return str(target)

    @staticmethod
    def type_into(doc, cell, value) -> None:
        if value is None or value == "":
            # Delete, as the key does: the content goes, the cell's format stays.
            cell.clearContents(1 | 2 | 4 | 16)  # VALUE | DATETIME | STRING | FORMULA
        elif isinstance(value, bool):
            raise TypeError(f"en sandhedsværdi tastes ikke: {value!r}")
        elif isinstance(value, (int, float)):
            cell.setValue(value)
        elif isinstance(value, str):
            cell.setString(value)
        elif isinstance(value, dict) and ("date" in value or "datetime" in value):
            when = datetime.fromisoformat(value.get("datetime") or value["date"])
            null = doc.NullDate
            days = when - datetime(null.Year, null.Month, null.Day)
            cell.setValue(days.days + days.seconds / 86400)
            kind = DATETIME if "datetime" in value else DATE
            formats = doc.NumberFormats
            # A date typed into a cell formatted as a date keeps that format; elsewhere the
            # program gives the cell its standard date format, as LibreOffice and Excel do.
            if not formats.getByKey(cell.NumberFormat).Type & kind:
                cell.NumberFormat = formats.getStandardFormat(kind, doc.CharLocale)
        else:
            raise TypeError(f"kan ikke tastes: {value!r}")


class Watchdog:
    """Kills soffice when a request takes longer than REQUEST_SECONDS: the call waiting on it
    then fails, instead of the test run waiting for ever."""

    def __init__(self, office: Office):
        self.office = office
        self.timer: threading.Timer | None = None
        self.fired = False

    def __enter__(self):
        self.fired = False
        self.timer = threading.Timer(REQUEST_SECONDS, self.fire)
        self.timer.daemon = True
        self.timer.start()
        return self

    def fire(self) -> None:
        self.fired = True
        proc = self.office.proc
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def handle(office: Office, request: dict) -> object:
    op = request["op"]
    if op == "pid":
        return office.proc.pid
    if op == "convert":
        return office.convert(request["path"], request["target"], request["outdir"])
    if op == "edit":
        return office.edit(request["path"], request["cells"], request.get("save_as"),
                           unprotect=request.get("unprotect", False), comments=request.get("comments"),
                           new_sheets=request.get("new_sheets"))
    raise ValueError(f"ukendt forespørgsel: {op}")


def serve(office: Office) -> None:
    watchdog = Watchdog(office)
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            break
        for _ in range(2):
            if not office.alive():
                office.kill()
                office.start()
            try:
                with watchdog:
                    answer = {"ok": handle(office, request)}
                break
            except Exception as e:
                answer = {"error": f"{type(e).__name__}: {e}"}
                if watchdog.fired:
                    answer = {"error": f"LibreOffice svarede ikke inden for {REQUEST_SECONDS} s"}
                    office.kill()
                    break
                if office.alive() and not isinstance(e, DisposedException):
                    break
                # soffice died under the request: once more with a new one.
                office.kill()
        print(json.dumps(answer), flush=True)


def main() -> None:
    profile = Path(sys.argv[1])
    office = Office(profile, sys.argv[2] if len(sys.argv) > 2 else None)
    try:
        office.start()
        print(json.dumps({"ok": "ready"}), flush=True)
        serve(office)
    finally:
        office.close()


if __name__ == "__main__":
    main()
