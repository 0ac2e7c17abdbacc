#!/usr/bin/env bash
# Install what TrustPortal needs into .venv and node_modules (skipped when up to date).
# Sourced by scripts/demo.sh and scripts/test.sh. $1: "test" to add the test tools.
# requirements.txt and requirements-test.txt are lock files (every package pinned, with its
# hashes) compiled from requirements*.in by `make lock`; pip refuses anything that differs.
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
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$req"
  touch "$stamp"
fi
# npm's own record of what node_modules holds (node_modules/.package-lock.json) is compared
# with package-lock.json by content, not by file time: a fresh checkout is always "newer".
npm_up_to_date() {
  [ -f node_modules/.package-lock.json ] && node -e '
    const fs = require("fs");
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8")).packages || {};
    const want = read("package-lock.json"), have = read("node_modules/.package-lock.json");
    delete want[""];
    const key = (p) => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k].version, p[k].integrity]));
    process.exit(key(want) === key(have) ? 0 : 1);
  ' 2>/dev/null
}
if ! npm_up_to_date; then
  echo "==> Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
