# Two commands for the consultants: `make deliverables` and `make test`.
# Both bootstrap .venv from the lock files, so every machine builds the same documents.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: deliverables test lint bench lock clean

deliverables: $(VENV)/.runtime
	@$(BIN)/python -m compileall -q src/livrables  # bytecode, even where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/livrables build

test: $(VENV)/.dev
	$(BIN)/python -m pytest

bench: $(VENV)/.runtime
	$(BIN)/python bench/render.py
	$(BIN)/python bench/build.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/preview.py
	$(BIN)/python bench/charts.py
	$(BIN)/python bench/slides.py
	$(BIN)/python bench/classeur.py

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-virtualenv -r requirements.lock
	$(PIP) install --require-virtualenv --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PIP) install --require-virtualenv -r requirements-dev.lock
	touch $@

# Regenerate the lock files from pyproject.toml (run after changing a dependency).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check --upgrade setuptools wheel && .lock-venv/bin/pip install --quiet --disable-pip-version-check .
	.lock-venv/bin/pip freeze --all --exclude livrables --exclude pip > requirements.lock
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	.lock-venv/bin/pip freeze --all --exclude livrables --exclude pip > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf build
