"""The documented backup (scripts/backup.sh) and restore drill (scripts/restore_drill.sh),
run against the real PostgreSQL: the test database, with a few rows, is the source."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests import restricted_db
from tests.factories import DecisionFactory
from tests.vendors import postgresql_only
from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def env():
    postgresql_only("pg_dump and pg_restore need the real PostgreSQL")
    environment = {
        **os.environ,
        "BACKUP_DATABASE_URL": restricted_db.role_url("owner"),
        "DATABASE_ADMIN_URL": restricted_db.role_url("admin", "postgres"),
        "DRILL_DATABASE": f"{connection.settings_dict['NAME']}_drill",
    }
    environment.pop("MIGRATION_DATABASE_URL", None)
    return environment


def _run(script, *args, env):
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def _databases():
    with psycopg.connect(restricted_db.role_url("admin", "postgres")) as conn:
        return {name for (name,) in conn.execute("SELECT datname FROM pg_database")}


def test_a_backup_restores_complete_and_with_its_audit_trail_intact(env, tmp_path, desk_officer):
    for i in range(3):
        audit_record(action="case.view", acting_user=desk_officer, details={"i": i})
    DecisionFactory()
    events = AuditEvent.objects.count()
    head = AuditEvent.objects.order_by("-chain_seq").first()

    backup = _run("backup.sh", tmp_path, env=env)
    assert backup.returncode == 0, backup.stderr + backup.stdout
    dump = next(tmp_path.glob("trustportal-*.dump"))
    manifest = Path(f"{dump}.manifest")
    lines = manifest.read_text().splitlines()
    assert f"audit_head {head.chain_seq}:{head.row_hash}" in lines
    assert f"table public.audit_auditevent {events}" in lines
    assert "table public.cases_decision 1" in lines
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    drill = _run("restore_drill.sh", dump, env=env)
    assert drill.returncode == 0, drill.stderr + drill.stdout
    assert f"audit trail intact: {events} events" in drill.stdout
    assert "restore drill passed" in drill.stdout
    assert env["DRILL_DATABASE"] not in _databases()

    # A restored copy that differs from the manifest fails the drill, and says where.
    wrong = [
        "table public.cases_decision 2" if line.startswith("table public.cases_decision ") else line
        for line in lines
    ]
    manifest.write_text("\n".join(wrong) + "\n")
    drill = _run("restore_drill.sh", dump, env=env)
    assert drill.returncode == 1
    assert "row counts differ" in drill.stderr and "public.cases_decision" in drill.stderr
    assert env["DRILL_DATABASE"] not in _databases()


def test_the_drill_refuses_a_damaged_dump_and_a_rewritten_trail(env, tmp_path, desk_officer):
    audit_record(action="case.view", acting_user=desk_officer)
    assert _run("backup.sh", tmp_path / "x.dump", env=env).returncode == 0
    dump, manifest = tmp_path / "x.dump", tmp_path / "x.dump.manifest"

    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    drill = _run("restore_drill.sh", damaged, manifest, env=env)
    assert drill.returncode == 1 and "sha256" in drill.stderr

    # The manifest's audit head is an anchor: a trail rewritten (and re-hashed) since fails.
    lines = manifest.read_text().splitlines()
    seq = next(line for line in lines if line.startswith("audit_head ")).split()[1].split(":")[0]
    forged = [f"audit_head {seq}:{'f' * 64}" if line.startswith("audit_head ") else line for line in lines]
    manifest.write_text("\n".join(forged) + "\n")
    drill = _run("restore_drill.sh", dump, manifest, env=env)
    assert drill.returncode == 1
    assert "rewritten" in drill.stderr and "does not verify" in drill.stderr
