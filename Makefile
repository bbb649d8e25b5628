# Two entry points for a fresh machine: `make ingest` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: ingest test lint bench profile clean ocr-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

ingest: $(STAMP)
	$(BIN)/reportmine ingest corpus/

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

profile: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/profile_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

# OCRmyPDF and Tesseract for `reportmine ingest --ocr` (Debian packages; needs root or sudo).
ocr-tools:
	apt-get update -q && apt-get install -y -q ocrmypdf tesseract-ocr tesseract-ocr-eng
