.PHONY: demo test lint format bench

demo:  ## Run the app with demo data (web + Celery worker + beat)
	bash scripts/demo.sh

test:  ## Run the whole test suite (lint, format check, pytest incl. browser tests)
	bash scripts/test.sh

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:
	bash scripts/bench.sh
