# Two entry points: `make run` and `make test`. Both set up .venv when it is missing.
# Every install is held to constraints.txt (exact versions), so a new release upstream
# cannot change a run; `make constraints` refreshes it on purpose.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt pip  # dependency groups need pip >= 25.1

# What the app needs, and nothing else.
$(RUN_STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $(RUN_STAMP)

# The app plus the tools of the `dev` dependency group.
$(DEV_STAMP): $(RUN_STAMP)
	$(PIP) install --quiet -c constraints.txt -e . --group dev
	touch $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/newsreader

lint: $(DEV_STAMP)
	$(BIN)/ruff check tui_reader tests bench tools hatch_build.py
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/mypy hatch_build.py

test: lint
	$(BIN)/python -m pytest -q -n 2

constraints: $(DEV_STAMP)
	$(PIP) install --quiet --upgrade -e . --group dev
	( echo "# Exact versions for make run / make test (regenerate: make constraints)."; \
	  echo "pip==$$($(BIN)/python -c 'import pip; print(pip.__version__)')"; \
	  echo "setuptools==$$($(BIN)/python -c 'import setuptools; print(setuptools.__version__)')"; \
	  $(PIP) freeze --exclude-editable ) > constraints.txt

clean:
	rm -rf $(VENV) dist build *.egg-info
