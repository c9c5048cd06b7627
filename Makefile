# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv (Python >= 3.11) and installs the project into it when needed.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
EVAL_DIR ?= $(or $(TMPDIR),/tmp)/vn-news-eval
ARTICLE_BENCHMARK_DIR ?= $(or $(TMPDIR),/tmp)/vn-news-article-benchmark
DATE_BENCHMARK_DIR ?= $(or $(TMPDIR),/tmp)/vn-news-date-benchmark

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
	@# trafilatura's public evaluation set, extracted into a temporary folder (never committed);
	@# needs a clone or mirror of adbar/trafilatura, see bench/fetch_eval_set.sh
	if bench/fetch_eval_set.sh $(EVAL_DIR); then \
	  $(VENV)/bin/python bench/extraction.py --dataset $(EVAL_DIR)/tests; \
	else echo "skipped the external extraction set: set TRAFILATURA_REPO to a clone of adbar/trafilatura"; fi
	@# ScrapingHub's article-extraction-benchmark, the same way (see bench/fetch_article_benchmark.sh)
	if bench/fetch_article_benchmark.sh $(ARTICLE_BENCHMARK_DIR); then \
	  $(VENV)/bin/python bench/extraction.py --dataset $(ARTICLE_BENCHMARK_DIR); \
	else echo "skipped the article-extraction-benchmark: set ARTICLE_BENCHMARK_REPO to a clone of scrapinghub/article-extraction-benchmark"; fi
	@# htmldate's date evaluation set, the same way (see bench/fetch_date_benchmark.sh)
	if bench/fetch_date_benchmark.sh $(DATE_BENCHMARK_DIR); then \
	  $(VENV)/bin/python bench/extraction.py --dataset $(DATE_BENCHMARK_DIR) \
	  || echo "htmldate's date set: a target MISSED (above; see the README); the other benches go on"; \
	else echo "skipped htmldate's date set: set HTMLDATE_REPO to a clone of adbar/htmldate"; fi
	@# the W3C Feed Validator (third-party, never committed) on every feed of two publishes
	if [ -d "$${FEEDVALIDATOR_REPO:-/work/.mirror/w3c+feedvalidator/repo}" ]; then \
	  $(VENV)/bin/python bench/feed_validator.py; \
	else echo "skipped the W3C Feed Validator: set FEEDVALIDATOR_REPO to a clone of w3c/feedvalidator"; fi
	$(VENV)/bin/python -m bench.incremental --articles 1000
	$(VENV)/bin/python bench/throughput.py
	$(VENV)/bin/python bench/store_upsert.py
	$(VENV)/bin/python bench/province_feeds.py

demo: $(STAMP)
	$(VENV)/bin/aggregator demo
