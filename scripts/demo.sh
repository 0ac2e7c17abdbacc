#!/usr/bin/env bash
# Run TrustPortal with demo data: install, migrate, seed, start web + a Celery worker per queue + beat.
# Embedded defaults (SQLite, filesystem broker under var/) unless DATABASE_URL / REDIS_URL are set;
# with MIGRATION_DATABASE_URL too, the migrations run as that owner role (README, production).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

export TRUSTPORTAL_ENV=${TRUSTPORTAL_ENV:-demo}
export TRUSTPORTAL_MFA_REQUIRED=${TRUSTPORTAL_MFA_REQUIRED:-false}
PORT=${PORT:-8000}
HOST=${HOST:-127.0.0.1}
PY=.venv/bin/python
mkdir -p var/log

echo "==> Database: ${DATABASE_URL:-SQLite (var/trustportal.sqlite3)}"
echo "==> Broker:   ${REDIS_URL:-filesystem transport (var/broker)}"
# As the owner role when MIGRATION_DATABASE_URL is set (scripts/db_roles.sh; DATABASE_URL is
# then the application's role); otherwise plain migrate as DATABASE_URL's role or SQLite.
$PY manage.py migrate_as_owner --noinput
unset MIGRATION_DATABASE_URL  # the owner's URL stays with the migrations, never the processes
$PY manage.py seed_demo | tee var/log/demo-logins.txt
$PY manage.py reminders_sweep  # one sweep now: beat's first comes a minute after start

pids=()
cleanup() { echo; echo "==> Stopping"; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# One worker per queue (docs/decisions/0005): a hung mail server can hold only the e-mail worker,
# never the sweep that writes the in-app reminders.
.venv/bin/celery -A trustportal worker -Q reminders -n reminders@%h --loglevel=info --concurrency=1 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A trustportal worker -Q email,imports -n email@%h --loglevel=info --concurrency=1 >var/log/worker-email.log 2>&1 &
pids+=($!)
.venv/bin/celery -A trustportal beat --loglevel=info -s var/celerybeat-schedule >var/log/beat.log 2>&1 &
pids+=($!)
.venv/bin/gunicorn -c python:trustportal.gunicorn_conf trustportal.wsgi --bind "$HOST:$PORT" --workers 2 --access-logfile - >var/log/web.log 2>&1 &
pids+=($!)

for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://$HOST:$PORT/accounts/login/" && break
  sleep 0.2
done
echo
echo "TrustPortal is running at http://$HOST:$PORT/"
echo "Logins are listed above (also in var/log/demo-logins.txt). Logs: var/log/{web,worker,worker-email,beat}.log"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
