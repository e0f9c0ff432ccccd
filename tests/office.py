"""LibreOffice as the tests' second spreadsheet engine: one soffice per test process, driven
over UNO by tests/lo_service.py, instead of a new soffice (1–3 s) for every conversion."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import threading
from datetime import date, datetime
from pathlib import Path

SERVICE = Path(__file__).parent / "lo_service.py"
SETUP = "kør ./setup.sh --test"

# Formulas recalculated on load, whatever the file's cached values say: LibreOffice then
# computes every result itself.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,{shown},false,false,-1"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python that has LibreOffice's ``uno`` module: Debian's python3-uno, or the Python
    LibreOffice ships beside soffice."""
    candidates = ["/usr/bin/python3"]
    if exe := soffice():
        candidates.append(str(Path(os.path.realpath(exe)).parent / "python"))
    for python in candidates:
        if os.access(python, os.X_OK) and subprocess.run([python, "-c", "import uno"],
                                                         capture_output=True).returncode == 0:
            return python
    return None


def missing() -> str | None:
    """Why LibreOffice cannot be driven here, in Danish, or None."""
    if soffice() is None:
        return f"LibreOffice (soffice) mangler: {SETUP}"
    if uno_python() is None:
        return f"LibreOffices Python-modul uno (python3-uno) mangler: {SETUP}"
    return None


class LibreOfficeError(RuntimeError):
    pass


class LibreOffice:
    """LibreOffice headless, started on first use and kept until ``close``. ``locale`` (such
    as ``da_DK.UTF-8``) is the one LibreOffice formats dates and numbers in; None keeps the
    environment's."""

    def __init__(self, python: str, folder: Path, locale: str | None = None):
        self.python = python
        self.folder = folder
        self.locale = locale
        self.profile = folder / f"profile-{locale or 'default'}"
        self.log = folder / f"service-{locale or 'default'}.log"
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.others: dict[str, LibreOffice] = {}

    def __enter__(self) -> LibreOffice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def in_locale(self, locale: str) -> LibreOffice:
        """LibreOffice in another locale (a second soffice, started on first use)."""
        if locale not in self.others:
            self.others[locale] = LibreOffice(self.python, self.folder, locale)
        return self.others[locale]

    # -- what the tests ask for -------------------------------------------------------------

    def convert(self, path: Path, target: str, outdir: Path) -> list[Path]:
        """What ``soffice --convert-to TARGET PATH --outdir OUTDIR`` writes."""
        return [Path(p) for p in self.request(op="convert", path=str(path), target=target, outdir=str(outdir))]

    def sheets_as_csv(self, path: Path, outdir: Path, *, shown: bool = False) -> dict[str, list[list[str]]]:
        """Every sheet's recalculated values, as LibreOffice computes them; with ``shown`` as
        their number formats show them."""
        self.convert(path, CSV_ALL_SHEETS.format(shown="true" if shown else "false"), outdir)
        result = {}
        for csv_path in outdir.glob(f"{path.stem}-*.csv"):
            sheet = csv_path.stem[len(path.stem) + 1:]
            with csv_path.open(encoding="utf-8", newline="") as fh:
                result[sheet] = list(csv.reader(fh))
        return result

    def edit(self, path: Path, cells: dict[str, dict[str, object]], save_as: Path | None = None, *,
             unprotect: bool = False, comments: dict[str, dict[str, str]] | None = None,
             new_sheets: dict[str, dict[str, object]] | None = None) -> Path:
        """Open ``path`` in LibreOffice, type each value into its cell as a person does (numbers,
        dates, text; "" or None empties the cell) and save as Excel 2007-365 to ``save_as``
        (``path`` itself by default). A locked cell of a protected sheet is refused, unless
        ``unprotect``: then the person first removes the sheet's protection (it has no
        password), as a leader who types over a calculated cell does. ``comments`` puts a
        comment on cells; ``new_sheets`` adds sheets of the person's own with their values."""
        def typed(cells: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
            return {sheet: {cell: _typed(value) for cell, value in values.items()} for sheet, values in cells.items()}

        return Path(self.request(op="edit", path=str(path), cells=typed(cells),
                                 save_as=str(save_as) if save_as else None, unprotect=unprotect,
                                 comments=comments or {}, new_sheets=typed(new_sheets or {})))

    @property
    def pid(self) -> int:
        """The process group soffice runs in."""
        return self.request(op="pid")

    # -- the service ------------------------------------------------------------------------

    def request(self, **request: object):
        with self.lock:
            line = ""
            for _ in range(2):
                if self.proc is None or self.proc.poll() is not None:
                    self.start()
                try:
                    self.proc.stdin.write(json.dumps(request) + "\n")
                    self.proc.stdin.flush()
                    line = self.proc.stdout.readline()
                except BrokenPipeError:
                    line = ""
                if line:
                    break
                self.stop()  # the service itself died: a new one, once
            if not line:
                raise LibreOfficeError(f"LibreOffice-tjenesten svarer ikke: {self.tail()}")
        answer = json.loads(line)
        if "error" in answer:
            raise LibreOfficeError(answer["error"])
        return answer["ok"]

    def start(self) -> None:
        user = self.profile / "user"
        user.mkdir(parents=True, exist_ok=True)
        if not (user / "registrymodifications.xcu").exists():
            (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
        with self.log.open("a", encoding="utf-8") as log:
            # A session of its own: closing the tests closes the service's stdin, and it then
            # closes soffice; stop() can still take the whole group.
            self.proc = subprocess.Popen(
                [self.python, str(SERVICE), str(self.profile), *([self.locale] if self.locale else [])],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8",
                start_new_session=True)
        ready = self.proc.stdout.readline()
        if not ready or "error" in json.loads(ready):
            self.stop()
            raise LibreOfficeError(f"LibreOffice startede ikke: {self.tail()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc.stdout.close()
        self.proc = None

    def close(self) -> None:
        for other in self.others.values():
            other.close()
        with self.lock:
            self.stop()

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8")[-2000:] if self.log.exists() else ""


def _typed(value: object) -> object:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value
