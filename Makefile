# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv (Python >= 3.11) and installs the project into it when needed.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint bench demo

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/aggregator run

test: $(STAMP)
	bash scripts/system-deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/serve.py
	$(VENV)/bin/python bench/extraction.py
	$(VENV)/bin/python -m bench.incremental --articles 1000
	$(VENV)/bin/python bench/throughput.py
	$(VENV)/bin/python bench/store_upsert.py
	$(VENV)/bin/python bench/province_feeds.py

demo: $(STAMP)
	$(VENV)/bin/aggregator demo
