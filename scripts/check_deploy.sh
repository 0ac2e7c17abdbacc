#!/usr/bin/env bash
# Check the deployment files: always the file lint (scripts/check_deploy.py); with Docker
# Compose, also `docker compose config` (the file as compose reads it, variables filled with
# placeholders); with hadolint, the Dockerfile lint; with CHECK_DEPLOY_BUILD=1 and a running
# Docker daemon, the image build too. Each step says plainly when it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/python scripts/check_deploy.py

if docker compose version >/dev/null 2>&1; then
  echo "==> docker compose config"
  SECRET_KEY=check POSTGRES_PASSWORD=check TRUSTPORTAL_DB_OWNER_PASSWORD=check \
    TRUSTPORTAL_DB_APP_PASSWORD=check docker compose -f compose.yaml config --quiet
else
  echo "==> docker compose config: skipped (Docker Compose is not installed here)"
fi

if command -v hadolint >/dev/null 2>&1; then
  echo "==> hadolint Dockerfile"
  hadolint Dockerfile
else
  echo "==> hadolint: skipped (not installed)"
fi

if [ "${CHECK_DEPLOY_BUILD:-0}" = 1 ]; then
  if docker info >/dev/null 2>&1; then
    echo "==> docker build"
    docker build -t trustportal:check .
  else
    echo "==> docker build: skipped (no Docker daemon)" >&2
  fi
fi
