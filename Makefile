.PHONY: demo test lint format bench lock audit

demo:  ## Run the app with demo data (web + Celery worker + beat)
	bash scripts/demo.sh

test:  ## Run the whole test suite (static checks, dependency audit, pytest with coverage incl. browser tests)
	bash scripts/test.sh

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:
	bash scripts/bench.sh

# Recompile the lock files (every package pinned, with hashes) from requirements*.in.
# Existing pins are kept; to move one: make lock LOCK_ARGS="--upgrade-package NAME".
PIP_COMPILE = .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock:  ## Recompile requirements.txt and requirements-test.txt from the .in files
	@[ -x .venv/bin/pip-compile ] || bash scripts/bootstrap.sh test
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-test.txt requirements-test.in

audit:  ## Check the locked Python and npm packages against known vulnerabilities
	bash scripts/audit_deps.sh
