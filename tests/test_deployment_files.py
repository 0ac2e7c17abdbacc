"""The container image and the compose file, linted from the files (no container runtime
here): scripts/check_deploy.py passes on the repository and names each problem it is made to
find in a broken copy."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("Dockerfile", ".dockerignore", "compose.yaml")


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, str(ROOT / "scripts" / "check_deploy.py"), str(root)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_repository_deployment_files_pass():
    result = _check(ROOT)
    assert result.returncode == 0, result.stdout
    assert "ok" in result.stdout


def test_a_broken_copy_is_refused_with_each_problem_named(tmp_path):
    for name in FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("USER trustportal", "USER root"))
    compose = (tmp_path / "compose.yaml").read_text()
    compose = compose.replace('"-Q", "email,imports"', '"-Q", "reminders"')  # nobody consumes e-mail, imports
    compose = compose.replace(
        "      - uploads:/data/uploads\n",
        "      - uploads:/data/uploads\n    environment:\n"
        "      MIGRATION_DATABASE_URL: postgres://trustportal_owner:x@db/trustportal\n"
        "      DATABASE_URL: postgres://trustportal_owner:x@db/trustportal\n",
    )
    (tmp_path / "compose.yaml").write_text(compose)

    result = _check(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Dockerfile: the image must run as a non-root USER",
        "compose.yaml: web must not get the owner's MIGRATION_DATABASE_URL",
        "compose.yaml: web must connect as the application role trustportal_app",
        "compose.yaml: no worker consumes the 'email' queue",
        "compose.yaml: no worker consumes the 'imports' queue",
    ]
