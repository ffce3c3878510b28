# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHECKED := bot handlers storage tests bench
# Every package and version the bot, the tests and the tools use, pinned (pip-tools): the
# venv's own pip installs it, so a fresh clone needs nothing but Python. `make lock` after
# changing pyproject.toml's dependencies.
LOCK := requirements.lock
PIP_TOOLS := pip-tools==7.6.2
# Texts: gettext catalogs (see bot/texts/__init__.py). The .po files are in git; the .mo
# files they compile to are not, and are rebuilt whenever their .po changes.
LOCALE := bot/locale
DOMAIN := radiobot
POT := $(LOCALE)/$(DOMAIN).pot
LANGUAGES := en fr nl
PO_FILES := $(foreach language,$(LANGUAGES),$(LOCALE)/$(language)/LC_MESSAGES/$(DOMAIN).po)
MO_FILES := $(PO_FILES:.po=.mo)
MARKERS := -k N_ -k P_:1,2 -k C_:1c,2

# The studio page's browser test drives Debian's Chromium through its chromedriver (never a
# downloaded browser); installed with apt when missing (as root, else through sudo).
BROWSER_PACKAGES := chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser run console test lint typecheck unit bench soak clean catalogs lock

install: $(STAMP) $(MO_FILES)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --domain $(DOMAIN) --input-file $< --output-file $@

# After adding or changing a marked text: refresh the template and the three .po files,
# then write the French and Dutch msgstr (tests/test_catalogs.py checks them).
catalogs: $(STAMP)
	mkdir -p $(LOCALE)
	$(BIN)/pybabel extract --mapping-file babel.cfg $(MARKERS) --no-location --sort-output \
		--project radiobot --output-file $(POT) bot handlers
	sed -i '/^"POT-Creation-Date: /d' $(POT)
	for language in $(LANGUAGES); do \
		$(BIN)/pybabel update --domain $(DOMAIN) --input-file $(POT) --output-dir $(LOCALE) \
			--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --init-missing \
			--locale $$language || exit 1; \
	done

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(PIP_TOOLS)
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --output-file $(LOCK) pyproject.toml
	sed -i 's|^#    pip-compile .*|#    make lock|' $(LOCK)

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
	$(BIN)/pytest -p no:cacheprovider -n auto --dist loadfile

test: lint typecheck unit

bench: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick)

soak: install
	$(BIN)/python -m bench.run $(if $(QUICK),--quick) crash_soak crash_soak_paid

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
