#!/usr/bin/env bash
# Set up xlkompetence in a virtual environment in this checkout (.venv), from any Python ≥ 3.11,
# Debian's and Ubuntu's own python3 included: PEP 668 keeps pip out of the system's Python, and
# nothing here installs into it. The main job needs no root.
#   ./setup.sh          the package and its command, .venv/bin/xlkompetence
#   ./setup.sh --test   also what the tests need: LibreOffice (the second spreadsheet engine,
#                       with python3-uno to drive it), Chromium (opens the add-in's task pane)
#                       and node, with apt as root or with sudo; the test extra; SheetJS and
#                       Pyodide in tests/js; the wheels Pyodide runs the in-workbook
#                       refresh with (tests/js/wheels); and xlwings' JavaScript client of
#                       0.33.5 (tests/js/xlwings-0.33.5.js), whose date guess a test checks)
# PYTHON=/path/to/python3 ./setup.sh chooses the interpreter (default: python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
VENV=.venv
PIP=(-m pip --disable-pip-version-check -q)

say() { printf 'setup.sh: %s\n' "$*" >&2; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

check_python() {
  if ! command -v "$PY" >/dev/null 2>&1; then
    say "$PY not found. Install Python 3.11 or newer, or name one: PYTHON=/path/to/python3 ./setup.sh"
    exit 1
  fi
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "xlkompetence needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1)."
    exit 1
  fi
}

# The venv is kept while it was made by the same Python and has pip; otherwise made again.
venv_current() {
  [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" "${PIP[@]}" --version >/dev/null 2>&1 &&
    [[ "$("$VENV/bin/python" -c 'import sys; print(sys.version)')" == "$("$PY" -c 'import sys; print(sys.version)')" ]]
}

make_venv() {
  venv_current && return
  rm -rf "$VENV"
  "$PY" -m venv "$VENV" >/dev/null 2>&1 && return
  rm -rf "$VENV"
  # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) as a package of its own.
  local pkg
  pkg="python$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
  if apt_install "$pkg" && "$PY" -m venv "$VENV"; then
    return
  fi
  rm -rf "$VENV"
  say "$PY cannot make a virtual environment (ensurepip is missing). Install $pkg"
  say "(as root: apt-get install $pkg) and run ./setup.sh again, or use another Python: PYTHON=… ./setup.sh"
  exit 1
}

test_tools() {
  local missing=()
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui poppler-utils)
  # The tests drive one LibreOffice over UNO, from the system's Python with LibreOffice's module.
  /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || missing+=(python3-uno)
  # Calibri's metrics: the rendered pages break where Excel's do.
  fc-list 2>/dev/null | grep -qi carlito || missing+=(fonts-crosextra-carlito)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if ((${#missing[@]})) && ! apt_install "${missing[@]}"; then
    say "could not install ${missing[*]} with apt: that needs root or sudo."
    exit 1
  fi
}

# Pyodide's CDN is not used by the tests: its packages come as wheels from PyPI.
pyodide_wheels() {
  local spec kind platform
  mkdir -p tests/js/wheels
  while read -r spec kind; do
    [[ -z "$spec" || "$spec" == \#* ]] && continue
    if [[ "$kind" == wasm32 ]]; then
      platform=(--platform pyemscripten_2026_0_wasm32)
    else
      platform=(--platform any --implementation py)
    fi
    "$VENV/bin/python" "${PIP[@]}" download --no-deps --only-binary=:all: --python-version 3.14 \
      "${platform[@]}" -d tests/js/wheels "$spec"
  done <tests/js/pyodide-wheels.txt
}

# xlwings' JavaScript client as it was up to January 2025, when its setValues still read text as
# dates (xlwings Lite is closed and may carry it): the test runs the add-in's actions through it.
# The copy inside the xlwings 0.33.5 wheel (BSD-3-Clause) is fetched from PyPI here, never committed.
XLWINGS_JS_VERSION=0.33.5
xlwings_js() {
  local target="tests/js/xlwings-$XLWINGS_JS_VERSION.js" tmp
  [[ -s "$target" ]] && return
  tmp="$(mktemp -d)"
  "$VENV/bin/python" "${PIP[@]}" download --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    --python-version 3.11 -d "$tmp" "xlwings==$XLWINGS_JS_VERSION"
  "$VENV/bin/python" - "$tmp" "$target" <<'PY'
import pathlib, sys, zipfile
(wheel,) = pathlib.Path(sys.argv[1]).glob("*.whl")
pathlib.Path(sys.argv[2]).write_bytes(zipfile.ZipFile(wheel).read("xlwings/js/xlwings.js"))
PY
  rm -rf "$tmp"
}

check_python
make_venv
if [[ "${1:-}" == "--test" ]]; then
  test_tools
  "$VENV/bin/python" "${PIP[@]}" install -e ".[test]"
  npm ci --prefix tests/js --no-audit --no-fund --silent
  pyodide_wheels
  xlwings_js
else
  "$VENV/bin/python" "${PIP[@]}" install -e .
fi
say "ready: $VENV/bin/xlkompetence --help"
