#!/usr/bin/env bash
# Install what TrustPortal needs into .venv and node_modules (skipped when up to date).
# Sourced by scripts/demo.sh and scripts/test.sh. $1: "test" to add the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$PYTHON" -m venv .venv
fi
req=requirements.txt
[ "${1:-}" = "test" ] && req=requirements-test.txt
stamp=".venv/.installed-$(cat requirements.txt requirements-test.txt | sha1sum | cut -c1-12)-${1:-run}"
if [ ! -f "$stamp" ]; then
  echo "==> Installing Python packages ($req)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  touch "$stamp"
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
