# One task runner for developers and CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/corpus/seeds
FUZZ_SECONDS ?= 600

.PHONY: install demo test check lint format typecheck pytest gate docs bench bench-ingest bench-align bench-scale bench-serve train fuzz clean

$(BIN)/rashomon: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/rashomon

install: $(BIN)/rashomon  ## create .venv and install rashomon with its development tools

demo: install  ## analyse examples/reports/ into demo.db, analysis.json and report/
	rm -f demo.db
	$(BIN)/rashomon --config examples/rashomon.toml analyze examples/reports/ --db demo.db --json analysis.json --csv csv/ --out report/
	@echo "open report/index.html, or run: $(BIN)/rashomon serve --db demo.db"

test: check pytest gate  ## everything CI checks

check: lint typecheck docs

lint: install
	$(BIN)/ruff format --check src tests eval benchmarks scripts fuzz
	$(BIN)/ruff check src tests eval benchmarks scripts fuzz

format: install
	$(BIN)/ruff format src tests eval benchmarks scripts fuzz
	$(BIN)/ruff check --fix src tests eval benchmarks scripts fuzz

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

gate: install  ## score every stage on the seeds gold against eval/floors.json
	rm -f .gate.db .gate.db-wal .gate.db-shm
	$(BIN)/rashomon analyze $(SEEDS) --db .gate.db --json .gate.json --quiet
	$(BIN)/python eval/gate.py --export .gate.json
	rm -f .gate.db .gate.db-wal .gate.db-shm

docs: install  ## fail when the README's CLI reference differs from --help
	$(BIN)/python scripts/cli_reference.py --check README.md

bench: install  ## speed and memory against bare spaCy (benchmarks/README.md)
	$(BIN)/python benchmarks/bench_analyze.py

fuzz: install  ## fuzz ingest, cleaning, dates and counts for FUZZ_SECONDS (default 600); crashes in .fuzz/
	mkdir -p .fuzz/corpus
	$(BIN)/python fuzz/fuzz_ingest.py -max_total_time=$(FUZZ_SECONDS) -timeout=30 -max_len=20000 \
		-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=.fuzz/ .fuzz/corpus

bench-align: install  ## alignment time and pairs scored at 1k, 4k and 16k mentions (benchmarks/README.md)
	$(BIN)/python benchmarks/bench_align.py

train: install  ## retrain the alignment models on the public train splits (resources/align/model.json)
	$(BIN)/python scripts/train_align.py

bench-scale: install  ## 1k and 10k documents: speed against spaCy, memory, store size, re-runs, Ray (benchmarks/README.md)
	$(BIN)/python benchmarks/bench_scale.py

bench-serve: install  ## rashomon serve on a 10,000-document store: per-page latency, median and p95 (benchmarks/README.md)
	$(BIN)/python benchmarks/bench_serve.py

bench-ingest: install  ## ingest time from 100 KB to 10 MB (benchmarks/README.md)
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf .fuzz/ report/ csv/ analysis.json demo.db* .gate.* .pytest_cache .mypy_cache .ruff_cache
