#!/usr/bin/env bash
# Set up xlkompetence on a fresh Debian/Ubuntu machine with Python ≥ 3.11.
#   ./setup.sh          the package and its command
#   ./setup.sh --test   also the test tools, LibreOffice (the second spreadsheet engine) and
#                       Chromium (opens the add-in's task pane), and the node tools in tests/js
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
if [[ "${1:-}" == "--test" ]]; then
  if ! command -v soffice >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 \
      || ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui poppler-utils chromium \
      $(command -v npm >/dev/null 2>&1 || echo nodejs npm) >/dev/null
  fi
  # Node tools the tests use: SheetJS (a strict second reader) and Pyodide (Python in the browser).
  npm ci --prefix tests/js --no-audit --no-fund --silent
  "$PY" -m pip install -q --disable-pip-version-check -e ".[test]"
else
  "$PY" -m pip install -q --disable-pip-version-check -e .
fi
