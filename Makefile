# The two set-up commands: `make build` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := tests/a11y/node_modules/axe-core/axe.min.js
# The suite runs on every core; `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: build test lint schema lock clean

build: $(STAMP)
	$(BIN)/playbook build

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core checks the built site's accessibility; it comes from npm, at the locked version.
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "npm is not installed: the accessibility test is skipped here (CI installs npm)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/playbook schema

# constraints.txt holds the tested version of every dependency, so a new machine installs
# the set the suite passed with; `make lock` refreshes it from the newest allowed versions.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

LOCK_VENV := build/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]'
	{ echo '# The tested version of every dependency; refresh with `make lock`, then run `make test`.'; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable \
	    --exclude setuptools --exclude wheel; } > constraints.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf build
