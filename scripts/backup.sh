#!/usr/bin/env bash
# Back up the TrustPortal database: pg_dump -Fc (custom format, compressed) plus a manifest,
# both taken in one snapshot, so the manifest describes exactly what the dump holds:
#   dump NAME / sha256 of the dump / created (UTC) / audit_head CHAIN_SEQ:ROW_HASH (the audit
#   trail's last link: an anchor for manage.py audit_verify --anchor) / one "table NAME ROWS"
#   line per table.
# scripts/restore_drill.sh DUMP restores it into a scratch database and checks it against the
# manifest. Files are written with mode 0600: the dump holds personal data.
#
# Usage: scripts/backup.sh [FILE.dump | DIRECTORY]   (default var/backups/trustportal-<UTC time>.dump)
# Env:   BACKUP_DATABASE_URL, else MIGRATION_DATABASE_URL (the owner), else DATABASE_URL.
set -euo pipefail
target=${1:-}
if [ -n "$target" ] && [ "${target#/}" = "$target" ]; then
  target="$PWD/$target"  # relative to where it was called from
fi
cd "$(dirname "$0")/.."
umask 077

SOURCE=${BACKUP_DATABASE_URL:-${MIGRATION_DATABASE_URL:-${DATABASE_URL:-}}}
case "$SOURCE" in
  postgres://* | postgresql://*) ;;
  *)
    echo "backup.sh: set BACKUP_DATABASE_URL (or MIGRATION_DATABASE_URL / DATABASE_URL) to the" \
      "PostgreSQL database (postgres://…)." >&2
    exit 2
    ;;
esac

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=${target:-var/backups/}
if [ -d "$target" ] || [ "${target%/}" != "$target" ]; then
  mkdir -p "$target"
  target="${target%/}/trustportal-$stamp.dump"
fi
mkdir -p "$(dirname "$target")"
manifest="$target.manifest"

# A session that holds the snapshot: pg_dump uses it, then the manifest is read from it.
coproc SNAP { psql "$SOURCE" -X -q -At -v ON_ERROR_STOP=1 2>&1; }
send() { printf '%s\n' "$@" >&"${SNAP[1]}"; }
receive() {  # lines up to the marker; fails if the session ended or reported an error
  local line
  while IFS= read -r line <&"${SNAP[0]}"; do
    [ "$line" = "--end--" ] && return 0
    case "$line" in ERROR:* | FATAL:* | psql:*) echo "backup.sh: $line" >&2; return 1 ;; esac
    printf '%s\n' "$line"
  done
  echo "backup.sh: the snapshot session ended early" >&2
  return 1
}

send "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "SELECT pg_export_snapshot();" "SELECT '--end--';"
snapshot=$(receive)

pg_dump --snapshot="$snapshot" --format=custom --file="$target.part" "$SOURCE"

send "SELECT to_regclass('audit_auditevent') IS NOT NULL AS has_audit \\gset" \
  "\\if :has_audit" \
  "SELECT COALESCE((SELECT chain_seq || ':' || row_hash FROM audit_auditevent WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1), '0:' || repeat('0', 64));" \
  "\\else" \
  "SELECT '';" \
  "\\endif" \
  "SELECT '--end--';"
head=$(receive)
send "\\i scripts/table_counts.sql" "SELECT '--end--';"
counts=$(receive)
send "COMMIT;" "\\q"
wait "$SNAP_PID" 2>/dev/null || true

{
  echo "# TrustPortal backup manifest (scripts/backup.sh), checked by scripts/restore_drill.sh"
  echo "dump $(basename "$target")"
  echo "sha256 $(sha256sum "$target.part" | cut -d' ' -f1)"
  echo "created $stamp"
  echo "audit_head $head"
  printf '%s\n' "$counts"
} >"$manifest"
mv "$target.part" "$target"

tables=$(printf '%s\n' "$counts" | grep -c '^table ' || true)
echo "backup written: $target ($(du -h "$target" | cut -f1), $tables tables, audit head ${head%%:*})"
echo "manifest:       $manifest"
