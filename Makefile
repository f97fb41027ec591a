# newsmon: `make run` sets up and ingests the seeds; `make test` is the whole check (CI runs it).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Prefect keeps its database inside the project and sends nothing anywhere (shared/FACTS.md).
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
CHECKED := flows connectors transform warehouse newsmon tests benchmarks examples

.PHONY: browser install run test stress fuzz lint typecheck pytest clean-warehouse lock bench bench-large bench-extraction bench-heldout

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt examples/newsmon-eml/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]" -e examples/newsmon-eml
	@touch $(STAMP)

# Debian's Chromium for the digest's render test (tests/monitoring); skipped there if absent.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: install
	$(BIN)/newsmon run

lint: install
	$(BIN)/ruff format --check $(CHECKED)
	$(BIN)/ruff check $(CHECKED)

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest -m "not slow"

# The long fault runs (issue 7): 50 kill -9 trials, every bad input alone, 3,000 fuzz examples.
stress: install
	NEWSMON_KILL_TRIALS=50 NEWSMON_FUZZ_EXAMPLES=3000 $(BIN)/python -m pytest -m slow tests/robustness tests/faults

fuzz: install
	NEWSMON_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -m slow tests/robustness/test_properties.py

test: lint typecheck pytest

clean-warehouse:
	rm -f warehouse/newsmon.duckdb warehouse/newsmon.duckdb.wal

lock: install
	@{ head -2 constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.tmp && mv constraints.tmp constraints.txt

# Benchmarks print figures as ratios against baselines measured in the same run (benchmarks/README.md).
BENCH_DATA ?= $(abspath ../shared/bench)
BENCH_ARGS = $(if $(wildcard $(BENCH_DATA)/data),--bench $(BENCH_DATA))

bench: install
	cd benchmarks && ../$(BIN)/python run.py --sizes 1000,10000 $(BENCH_ARGS)

bench-large: install
	cd benchmarks && ../$(BIN)/python run.py --sizes 1000,10000,100000 $(BENCH_ARGS)

bench-extraction: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[bench]"
	$(BIN)/python benchmarks/extraction.py $(BENCH_ARGS)

# Pages the cleaners were never tuned on (newspaper4k's test pages, fetched from the registry).
bench-heldout: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[bench]"
	$(BIN)/python benchmarks/heldout.py --shared-bench $(BENCH_DATA)
	$(BIN)/python benchmarks/extraction.py --bench benchmarks/.heldout -d newspaper4k
