"""Production settings refuse to start without secrets and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "TRUSTPORTAL_ENV": "production",
    "SECRET_KEY": "x7!Qp2@Lm9#Rt4$Vw8^Zy3&Bn6*Cd1(Ef5)Gh0_Jk+Lm=Np-Qr~St",
    "ALLOWED_HOSTS": "trustportal.example.gov",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "TRUSTPORTAL_ENV",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "MIGRATION_DATABASE_URL",
            "DEBUG",
            "TRUSTPORTAL_MFA_REQUIRED",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PROD.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.parametrize("url", ["sqlite:////tmp/trustportal-prod.sqlite3", "mysql://app@db/trustportal"])
def test_production_refuses_a_database_other_than_postgresql(url):
    """SQLite has no triggers, no roles and no hash chain: the audit trail would not hold."""
    result = _manage("check", env={**PROD, "DATABASE_URL": url})
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_the_migration_url_must_name_the_same_postgresql_database():
    result = _manage("check", env={**PROD, "MIGRATION_DATABASE_URL": "postgres://owner@127.0.0.1:5432/other"})
    assert result.returncode != 0
    assert "MIGRATION_DATABASE_URL must be a postgres:// URL of the same database" in result.stderr


def test_mfa_cannot_be_relaxed_in_production():
    result = _manage("check", env={**PROD, "TRUSTPORTAL_MFA_REQUIRED": "false"})
    assert result.returncode != 0
    assert "only in development and demo" in result.stderr


def test_time_zone_is_new_york_and_storage_is_utc(settings):
    assert settings.TIME_ZONE == "America/New_York"
    assert settings.USE_TZ is True
