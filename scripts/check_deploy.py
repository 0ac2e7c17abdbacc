"""Lint the container image and the compose file without a container runtime.

Usage: python scripts/check_deploy.py [ROOT]    (exit 1 and one line per problem)

What it checks, from the files alone: the Dockerfile builds on python:3.11-slim, installs the
hashed lock file, takes the npm packages from ``npm ci``, collects the static files, runs as a
non-root user and starts gunicorn with trustportal/gunicorn_conf.py; .dockerignore keeps local
environments out; compose.yaml parses and runs web, a worker for each Celery queue the settings
route to, exactly one beat, PostgreSQL, Redis, the role script and the migration job, with the
owner's URL only in the migration job and every long-running process on the application role.
``scripts/check_deploy.sh`` runs this, then ``docker compose config`` when it is available.
"""

import re
import sys
from pathlib import Path

import yaml

ROUTED_QUEUES = {"reminders", "email", "imports"}  # settings.CELERY_TASK_ROUTES
LONG_RUNNING = ("web", "worker-reminders", "worker-email", "beat")


def dockerfile_problems(root: Path) -> list[str]:
    text = (root / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, flags=re.M)
    final = text[text.rfind("\nFROM ") :]
    wanted = {
        "the final image is python:3.11-slim": bool(stages) and stages[-1] == "python:3.11-slim",
        "pip installs the hashed lock file": "pip install --require-hashes -r requirements.txt" in text,
        "the npm packages come from npm ci": "npm ci" in text and "package-lock.json" in text,
        "collectstatic runs in the build": "manage.py collectstatic --noinput" in final,
        "gunicorn starts with trustportal/gunicorn_conf.py": "python:trustportal.gunicorn_conf" in final,
        "a HEALTHCHECK asks /healthz": "HEALTHCHECK" in final and "/healthz" in final,
    }
    problems = [f"Dockerfile: {what}: no" for what, ok in wanted.items() if not ok]
    users = re.findall(r"^USER\s+(\S+)", final, flags=re.M)
    if not users or users[-1] in {"root", "0"}:
        problems.append("Dockerfile: the image must run as a non-root USER")
    ignored = (
        set((root / ".dockerignore").read_text().split()) if (root / ".dockerignore").exists() else set()
    )
    problems += [
        f".dockerignore: {name} missing"
        for name in (".venv", "node_modules", "var", ".git")
        if name not in ignored
    ]
    return problems


def _environment(service: dict) -> dict:
    env = service.get("environment") or {}
    return env if isinstance(env, dict) else dict(item.split("=", 1) for item in env)


def _command(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def compose_problems(root: Path) -> list[str]:
    compose = yaml.safe_load((root / "compose.yaml").read_text())
    services = compose.get("services") or {}
    needed = {"db", "redis", "db-roles", "migrate", *LONG_RUNNING}
    problems = [f"compose.yaml: service {name} missing" for name in sorted(needed - services.keys())]
    for name, service in services.items():
        env = _environment(service)
        if "MIGRATION_DATABASE_URL" in env and name != "migrate":
            problems.append(f"compose.yaml: {name} must not get the owner's MIGRATION_DATABASE_URL")
        if name in LONG_RUNNING and "trustportal_app:" not in str(env.get("DATABASE_URL", "")):
            problems.append(f"compose.yaml: {name} must connect as the application role trustportal_app")
    if "trustportal_owner:" not in str(
        _environment(services.get("migrate", {})).get("MIGRATION_DATABASE_URL")
    ):
        problems.append("compose.yaml: migrate must run migrate_as_owner with the owner's URL")
    consumed = set()
    for service in services.values():
        match = re.search(r"\bworker\b.*-Q\s+(\S+)", _command(service))
        if match:
            consumed |= set(match.group(1).split(","))
    problems += [
        f"compose.yaml: no worker consumes the {q!r} queue" for q in sorted(ROUTED_QUEUES - consumed)
    ]
    beats = [name for name, s in services.items() if re.search(r"\bbeat\b", _command(s))]
    if len(beats) != 1:
        problems.append(f"compose.yaml: exactly one beat, not {len(beats)}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = dockerfile_problems(root) + compose_problems(root)
    for problem in problems:
        print(problem)  # noqa: T201
    if not problems:
        print("Dockerfile and compose.yaml: ok (linted from the files)")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
