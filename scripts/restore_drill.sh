#!/usr/bin/env bash
# Restore drill: prove a backup can be restored and is complete and untampered.
#  1. the dump's SHA-256 matches its manifest (scripts/backup.sh);
#  2. pg_restore loads it into a new scratch database (without owners or grants);
#  3. manage.py audit_verify recomputes the audit trail's hash chain there, anchored at the
#     manifest's audit head (a trail rewritten before the backup was taken fails too);
#  4. every table's row count equals the manifest's (the source at the moment of the dump).
# Exits non-zero on any difference. The scratch database is dropped in every case.
#
# Usage: scripts/restore_drill.sh FILE.dump [FILE.dump.manifest]
# Env:   DATABASE_ADMIN_URL  a role that may create databases (default
#                            postgres://postgres@127.0.0.1:5432/postgres)
#        DRILL_DATABASE      the scratch database's name (default trustportal_drill_<pid>)
#        PYTHON              the interpreter for manage.py (default .venv/bin/python)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/restore_drill.sh FILE.dump [FILE.dump.manifest]" >&2; exit 2; }
dump=$(realpath "$1")
manifest=$(realpath "${2:-$1.manifest}")
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
ADMIN=${DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
SCRATCH=${DRILL_DATABASE:-trustportal_drill_$$}

[ -f "$dump" ] || { echo "restore_drill.sh: no dump at $dump" >&2; exit 2; }
[ -f "$manifest" ] || { echo "restore_drill.sh: no manifest at $manifest (scripts/backup.sh writes it)" >&2; exit 2; }

# The scratch database's URL: the admin URL with the database name replaced.
base=${ADMIN%%\?*}
query=${ADMIN#"$base"}
SCRATCH_URL="${base%/*}/$SCRATCH$query"
admin_psql() { psql "$ADMIN" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

failures=0
fail() { echo "restore drill: FAIL: $*" >&2; failures=$((failures + 1)); }

expected_sha=$(awk '$1 == "sha256" {print $2}' "$manifest")
actual_sha=$(sha256sum "$dump" | cut -d' ' -f1)
if [ "$expected_sha" != "$actual_sha" ]; then
  fail "the dump's sha256 is $actual_sha, the manifest says ${expected_sha:-nothing}"
  exit 1  # a damaged or altered file: do not restore it
fi
echo "==> dump checksum matches the manifest"

drop_scratch() {
  admin_psql -v db="$SCRATCH" -c 'SELECT 1' >/dev/null 2>&1 || return 0
  admin_psql -v db="$SCRATCH" <<'SQL' || echo "restore drill: could not drop the scratch database $SCRATCH" >&2
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \gexec
SQL
}
trap drop_scratch EXIT
admin_psql -v db="$SCRATCH" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') \gexec
SQL
echo "==> restoring into the scratch database $SCRATCH"
pg_restore --no-owner --no-acl --exit-on-error --dbname="$SCRATCH_URL" "$dump"

echo "==> manage.py audit_verify on the restored copy"
head=$(awk '$1 == "audit_head" {print $2}' "$manifest")
anchor=()
[ -n "$head" ] && anchor=(--anchor "$head")
if ! env -u MIGRATION_DATABASE_URL DATABASE_URL="$SCRATCH_URL" "$PYTHON" manage.py audit_verify "${anchor[@]}"; then
  fail "the restored audit trail does not verify"
fi

echo "==> row counts of every table against the manifest"
restored=$(psql "$SCRATCH_URL" -X -q -At -v ON_ERROR_STOP=1 -f scripts/table_counts.sql)
expected=$(grep '^table ' "$manifest")
if ! differences=$(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$restored")); then
  fail "row counts differ (< manifest, > restored):"
  printf '%s\n' "$differences" | grep '^[<>]' >&2
fi

tables=$(printf '%s\n' "$restored" | grep -c '^table ' || true)
rows=$(printf '%s\n' "$restored" | awk '{s += $3} END {print s + 0}')
if [ "$failures" -gt 0 ]; then
  echo "restore drill FAILED: $failures problem(s) with $(basename "$dump")" >&2
  exit 1
fi
echo "restore drill passed: $(basename "$dump") restored, $tables tables and $rows rows as in the manifest," \
  "audit trail verified up to its head ${head%%:*}"
