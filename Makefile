# Two entry points for a fresh clone (no venv needed): `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint bench install

$(BIN)/plankg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/plankg

install: $(BIN)/plankg

serve: $(BIN)/plankg
	$(BIN)/plankg serve

test: $(BIN)/plankg
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(BIN)/plankg
	$(BIN)/python bench/ingest.py
