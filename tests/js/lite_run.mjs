// Run a workbook's embedded main.py as xlwings Lite does: Python in WebAssembly (Pyodide), the
// script called with an xlwings Book made from the workbook's JSON, the actions returned.
//
//   node lite_run.mjs job.json
//
// job.json: {"main": path to main.py, "payloads": [paths to books' JSON], "wheels": [paths],
//            "script": function name, "licence_key": xlwings' key}. The script runs once per book. Pyodide's CDN is not used: every package comes from a
// local wheel. Prints one line, "RESULT " + JSON.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const here = path.dirname(fileURLToPath(import.meta.url));

const started = performance.now();
const pyodide = await loadPyodide({ indexURL: path.join(here, "node_modules", "pyodide") + path.sep });
const loaded = performance.now();
for (const wheel of job.wheels) {
  pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel");
}
pyodide.FS.mkdirTree("/home/pyodide/lite");
pyodide.FS.writeFile("/home/pyodide/lite/main.py", fs.readFileSync(job.main, "utf8"));
pyodide.globals.set("payloads_json", "[" + job.payloads.map((p) => fs.readFileSync(p, "utf8")).join(",") + "]");
pyodide.globals.set("script_name", job.script);
pyodide.globals.set("licence_key", job.licence_key);
const installed = performance.now();

const result = await pyodide.runPythonAsync(`
import contextlib, io, json, os, sys, time
from datetime import date

# As in xlwings Lite: the server-side API (scripts, the remote Book), under the key the tests
# run with.
os.environ["XLWINGS_LICENSE_KEY"] = licence_key
os.environ["XLWINGS_ON_SERVER"] = "true"
sys.path.insert(0, "/home/pyodide/lite")

import pydantic, pydantic_core, xlwings as xw
from xlwings.server import custom_scripts_call

started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    import main
imported = time.perf_counter()
runs = []
for payload in json.loads(payloads_json):
    printed = io.StringIO()
    begun = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        book = await custom_scripts_call(main, script_name, typehint_to_value={xw.Book: xw.Book(json=payload)})
    runs.append({"actions": book.json()["actions"], "printed": printed.getvalue(),
                 "seconds": time.perf_counter() - begun})
json.dumps({
    "runs": runs,
    "today": date.today().isoformat(),
    "meta": main.opdater_gab_og_status.__xlscript__,
    "package_file": sys.modules["xlkompetence"].__file__,
    "native": sorted(m for m in sys.modules if m.split(".")[0] in ("lxml", "python_calamine", "xlsxwriter")),
    "versions": {"python": sys.version.split()[0], "pydantic": pydantic.VERSION,
                 "pydantic_core": pydantic_core.__version__, "xlwings": xw.__version__},
    "seconds": {"import_main": imported - started},
})
`);
const out = JSON.parse(result);
out.versions.pyodide = pyodide.version;
out.seconds.load_pyodide = (loaded - started) / 1000;
out.seconds.install_wheels = (installed - loaded) / 1000;
console.log("RESULT " + JSON.stringify(out));
