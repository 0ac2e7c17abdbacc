#!/usr/bin/env bash
# Run the benchmarks (DESIGN §10). Needs PostgreSQL on 127.0.0.1:5432 for the database ones.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh test
export TRUSTPORTAL_ENV=test
PY=.venv/bin/python

echo "== rule engine: scenarios per second (budget >= 20,000/s on one core)"
$PY benchmarks/bench_rules.py --count 20000 --repeat 3

echo "== evaluate_detainer: one batch of 10,000 scenarios through the command"
tmp=$(mktemp -d)
$PY - "$tmp/batch.json" <<'PY'
import json, random, sys
sys.path.insert(0, "benchmarks")
from bench_rules import make_scenario
rng = random.Random(7)
json.dump([make_scenario(rng) for _ in range(10_000)], open(sys.argv[1], "w"))
PY
start=$(date +%s.%N)
$PY manage.py evaluate_detainer "$tmp/batch.json" > "$tmp/out.json"
end=$(date +%s.%N)
echo "10,000 scenarios in $(echo "$end - $start" | bc) s (including Django start-up and JSON I/O)"
rm -rf "$tmp"

echo "== reminder sweep: 10,000 due reminders of every kind (budget < 30 s)"
(cd benchmarks && ../$PY bench_sweep.py)

if [ -f benchmarks/bench_pages.py ]; then
  echo "== pages: growth from 10,000 to 300,000 cases and a million audit events (one run, fresh database)"
  (cd benchmarks && ../$PY bench_pages.py --fresh)
fi

echo "== load: 50 concurrent users on two gunicorn workers (budget p95 < 150 ms, no errors)"
(cd benchmarks && ../$PY bench_load.py)
