#!/usr/bin/env bash
# The static checks, one per name, shared by scripts/test.sh and the pre-commit hooks so both
# run exactly the same commands. Usage: bash scripts/check.sh NAME...   (no name: all of them)
#   ruff        ruff check
#   format      ruff format --check
#   migrations  manage.py makemigrations --check --dry-run (models without a migration fail)
#   imports     lint-imports (import-linter), only once a .importlinter file or a
#               [tool.importlinter] section in pyproject.toml holds the contracts
#   mypy        mypy (configured in pyproject.toml), only once .mypy-enabled exists at the root
#   deploy      the Dockerfile and compose.yaml (scripts/check_deploy.sh; docker compose config
#               where Docker Compose is installed)
set -euo pipefail
cd "$(dirname "$0")/.."

has_import_contracts() {
  [ -f .importlinter ] || grep -q '^\[tool\.importlinter\]' pyproject.toml
}

run_check() {
  case "$1" in
    ruff)
      echo "==> ruff check"
      .venv/bin/ruff check .
      ;;
    format)
      echo "==> ruff format --check"
      .venv/bin/ruff format --check .
      ;;
    migrations)
      echo "==> manage.py makemigrations --check --dry-run"
      TRUSTPORTAL_ENV=test .venv/bin/python manage.py makemigrations --check --dry-run
      ;;
    imports)
      if has_import_contracts; then
        echo "==> lint-imports"
        .venv/bin/lint-imports
      else
        echo "==> lint-imports: skipped (no .importlinter file or [tool.importlinter] section yet)"
      fi
      ;;
    mypy)
      if [ -f .mypy-enabled ]; then
        echo "==> mypy"
        .venv/bin/mypy
      else
        echo "==> mypy: skipped (create .mypy-enabled at the repository root to enforce it)"
      fi
      ;;
    deploy)
      echo "==> deployment files"
      bash scripts/check_deploy.sh
      ;;
    *)
      echo "scripts/check.sh: unknown check '$1' (ruff, format, migrations, imports, mypy, deploy)" >&2
      return 2
      ;;
  esac
}

[ $# -gt 0 ] || set -- ruff format migrations imports mypy deploy
for name in "$@"; do
  run_check "$name"
done
