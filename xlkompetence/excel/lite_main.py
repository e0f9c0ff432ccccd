"""The refresh inside the workbook: the ``main.py`` that ``xlkompetence lite add`` embeds for
xlwings Lite.

xlwings Lite runs one module, ``main.py``, in Excel's browser (Pyodide) and offers each
function decorated with ``@script`` in its task pane, called with the open workbook. Lite
installs only what ``requirements.txt`` names (xlwings and pydantic), so this module carries
the package's pure refresh path itself: ``BUNDLE`` is a zip of those modules, base64-encoded,
put first on ``sys.path`` when the module loads. With ``BUNDLE`` empty the installed package
is used, which is how the tests and desktop Python run this same file.
"""

from __future__ import annotations

__all__ = ["BUNDLE", "SHEETS", "opdater_gab_og_status"]

import base64
import hashlib
import os
import sys
import tempfile

import xlwings as xw
from xlwings import script

BUNDLE = ""


def _mount(bundle: str) -> None:
    """This workbook's copy of the package first on ``sys.path``, replacing any copy loaded
    before (from another workbook, or an older version of this code)."""
    if not bundle:
        return
    data = base64.b64decode(bundle)
    folder = tempfile.gettempdir()
    path = os.path.join(folder, f"xlkompetence-{hashlib.sha256(data).hexdigest()[:16]}.zip")
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    for name in [m for m in sys.modules if m == "xlkompetence" or m.startswith("xlkompetence.")]:
        del sys.modules[name]
    sys.path[:] = [p for p in sys.path if not (os.path.dirname(p) == folder and p.endswith(".zip")
                                               and os.path.basename(p).startswith("xlkompetence-"))]
    sys.path.insert(0, path)


_mount(BUNDLE)

from xlkompetence.core.labels import t  # noqa: E402  (from the bundle mounted above)
from xlkompetence.excel.addin import OWNED_SHEETS, READ_SHEETS, refresh_book  # noqa: E402

# Lite sends only these sheets' values: a leader's own sheets never leave Excel.
SHEETS = sorted(READ_SHEETS | set(OWNED_SHEETS))


@script(name=t("web.refresh"), include=SHEETS)
def opdater_gab_og_status(book: xw.Book) -> None:
    """Gaps, status, the plan's calculated columns, Overblik and Fejl og mangler, as the
    Kompetence tab's button does; the summary goes to Lite's output."""
    print(refresh_book(book, values_only=True).summary)
