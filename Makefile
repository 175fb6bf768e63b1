# Self-documenting: `make help` lists the targets.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help setup build check validate notebooks test lint docs bench clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-8s %s\n", $$1, $$2}'

$(BIN)/democracy-study: pyproject.toml requirements/constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c requirements/constraints.txt -e ".[dev]"

setup: $(BIN)/democracy-study ## create .venv and install the package with pinned dependencies

build: setup ## run the pipeline: data/raw -> data/processed, data/results and figures/
	$(BIN)/democracy-study build

check: setup ## fail if committed data, results or figures are stale
	$(BIN)/democracy-study build --check

validate: setup ## check data/processed and data/results against their datapackage.json and sources
	$(BIN)/frictionless validate data/processed/datapackage.json
	$(BIN)/frictionless validate data/results/datapackage.json
	$(BIN)/democracy-study validate data/processed

notebooks: setup ## re-execute the notebooks in place (deterministic; commit the result)
	$(BIN)/python scripts/run_notebooks.py

test: setup ## unit tests, doctests and nbval over every notebook
	$(BIN)/python -m pytest

lint: setup ## ruff lint and format check
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

docs: setup ## build the API reference into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

bench: setup ## benchmarks (numbers go to docs/BENCHMARKS.md by hand)
	$(BIN)/pip install -q -c requirements/constraints.txt -e ".[bench]"
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f; done

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis site
