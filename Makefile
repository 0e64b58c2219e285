# Two commands for a newcomer: `make demo` and `make test` (CONTRACTS §1).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= sqlite:///demo.db

# The tests marked `clock` run again at each of these instants (TRACKER_TEST_CLOCK):
# either side of the 17:00 digest, the last minute of a month, the first of the next.
CLOCK_INSTANTS ?= 2026-11-20T16:59:00+07:00 2026-11-20T17:01:00+07:00 \
                  2026-11-30T23:59:00+07:00 2026-12-01T00:01:00+07:00

.PHONY: demo test lint typecheck pytest pytest-clock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/tracker --db $(DEMO_DB) db upgrade
	$(BIN)/tracker --db $(DEMO_DB) demo
	$(BIN)/tracker --db $(DEMO_DB) tui

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

pytest-clock: $(VENV)/.installed-dev
	@set -e; for instant in $(CLOCK_INSTANTS); do \
		echo "== tests marked clock, now = $$instant"; \
		TRACKER_TEST_CLOCK=$$instant $(BIN)/pytest -m clock; \
	done

test: lint typecheck pytest pytest-clock

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/sync.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
