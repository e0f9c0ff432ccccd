#!/usr/bin/env bash
# Set up xlkompetence on a fresh Debian/Ubuntu machine with Python ≥ 3.11.
#   ./setup.sh          the package and its command
#   ./setup.sh --test   also the test tools and LibreOffice (the second spreadsheet engine)
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
if [[ "${1:-}" == "--test" ]]; then
  if ! command -v soffice >/dev/null 2>&1; then
    SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui poppler-utils >/dev/null
  fi
  "$PY" -m pip install -q --disable-pip-version-check -e ".[test]"
else
  "$PY" -m pip install -q --disable-pip-version-check -e .
fi
