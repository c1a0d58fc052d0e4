# newstrace: `make demo` sets everything up and runs the extract job on the demo corpus;
# `make test` runs the test suite. Nothing else is needed by hand.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test postgres chromium screenshots lint format eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/newstrace extract demo/ --output out/demo.jsonl || test $$? -eq 1
	$(BIN)/newstrace summary out/demo.jsonl
	$(BIN)/newstrace ingest demo/ --db out/demo.db --no-progress || test $$? -eq 1
	@echo "Web UI over the demo corpus: $(BIN)/newstrace serve --db out/demo.db, then open http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/pytest

# The store tests start their own PostgreSQL server from Debian's binaries and skip the
# PostgreSQL runs without them. This installs them when missing (as root; .ci/run does
# this before `make test`), or says how.
postgres:
	@if command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "PostgreSQL server binaries found"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	else \
		echo "PostgreSQL is not installed: its store tests will skip (sudo apt-get install postgresql)"; \
	fi

# The web UI's browser tests drive Debian's Chromium and skip without it. This installs
# it when missing (as root; .ci/run does this before `make test`), or says how.
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium found"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "Chromium is not installed: the browser tests will skip (sudo apt-get install chromium)"; \
	fi

# docs/screenshots/ for the README: the sample's article view and the demo corpus's map.
screenshots: $(STAMP) chromium
	mkdir -p out
	$(BIN)/newstrace ingest demo/ --db out/demo.db --no-progress || test $$? -eq 1
	$(BIN)/python scripts/web_screenshots.py --db out/demo.db --out docs/screenshots

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

eval: $(STAMP)
	$(BIN)/newstrace eval quotes --split dev
	$(BIN)/newstrace eval extraction
	$(BIN)/newstrace eval dates
	$(BIN)/newstrace eval geo

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out build *.egg-info
