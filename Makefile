# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHECKED := bot handlers storage

# The studio page's browser test drives Debian's Chromium through its chromedriver (never a
# downloaded browser); installed with apt when missing (as root, else through sudo).
BROWSER_PACKAGES := chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser run console test lint typecheck unit bench soak clean

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

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
			$(BROWSER_PACKAGES); }

unit: install browser
	$(BIN)/pytest -p no:cacheprovider

test: lint typecheck unit

bench: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick)

soak: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick) crash_soak

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
