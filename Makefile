# Two commands for a newcomer: `make demo` and `make test` (CONTRACTS §1).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= sqlite:///demo.db

# Every install takes its versions from requirements.lock (pip constraints), so that a
# developer, CI and `make demo` run what was tested; `make lock` refreshes it (README).
LOCK   := requirements.lock

# The tests marked `clock` run again at each of these instants (TRACKER_TEST_CLOCK):
# either side of the 17:00 digest, the last minute of a month, the first of the next.
# They run in the same pytest session as the others (tests/conftest.py, --clock-instants).
CLOCK_INSTANTS ?= 2026-11-20T16:59:00+07:00 2026-11-20T17:01:00+07:00 \
                  2026-11-30T23:59:00+07:00 2026-12-01T00:01:00+07:00
# pytest-xdist workers: two per core, as the tests spend much of their time waiting (on
# the processes they start, loopback servers, PostgreSQL): with one per core the two
# cores were busy 114% of 200%. An idle worker takes queued tests from another
# (worksteal), so that a long test near the end does not leave a core waiting.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

.PHONY: demo test lint typecheck pytest pytest-clock bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/tracker --db $(DEMO_DB) db upgrade
	$(BIN)/tracker --db $(DEMO_DB) demo
	$(BIN)/tracker --db $(DEMO_DB) tui

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Every test, and the `clock` ones again at each of CLOCK_INSTANTS, in one run on all cores.
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(WORKERS) --dist worksteal --clock-instants="$(CLOCK_INSTANTS)"

# Only the `clock` tests, at the default instant and at each of CLOCK_INSTANTS.
pytest-clock: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(WORKERS) --dist worksteal -m clock --clock-instants="$(CLOCK_INSTANTS)"

test: lint typecheck pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/sync.py

# A fresh resolve of pyproject.toml's dependencies (with [dev]) in a scratch venv, pinned.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[dev]'
	{ echo "# pip constraints for every install (Makefile); refresh with \`make lock\` (README)."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable \
	    | grep -v -i -E '^(cncd-tracker|pip|setuptools|wheel)( |=|@)'; } > $(LOCK)
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-lock build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .import_linter_cache .grimp_cache
