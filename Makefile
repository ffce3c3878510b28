# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHECKED := bot handlers storage

.PHONY: install run console test lint typecheck unit bench soak clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/radiobot run

console: install
	$(BIN)/radiobot console

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy $(CHECKED)

unit: install
	$(BIN)/pytest -p no:cacheprovider

test: lint typecheck unit

bench: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick)

soak: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick) crash_soak

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
