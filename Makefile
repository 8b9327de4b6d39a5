# The two commands a newcomer runs: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint typecheck unit clean messages

$(STAMP): pyproject.toml src/netpatrol/detect/_hashed_scores.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p var
	$(BIN)/netpatrol init
	$(BIN)/netpatrol simulate-day
	$(BIN)/netpatrol traffic 300 --illegal-share 0.2 | $(BIN)/netpatrol patrol -
	$(BIN)/netpatrol user demo
	@echo "console: http://$(HOST):$(PORT)/console  (sign in with an account above)"
	@echo "portal:  http://$(HOST):$(PORT)/  (public pages: report, lookup, alerts, debunks)"
	$(BIN)/netpatrol serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# one pytest worker per core (pytest-xdist), a test module to a worker; the contract tests
# run on their own, since schemathesis gives its 90 cases one test id and xdist keeps one
test: lint typecheck
	$(BIN)/pytest -n auto --dist loadscope --ignore=tests/contract
	$(BIN)/pytest tests/contract

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# After changing a console or portal message: extract, then update both catalogues.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k gettext --no-location --omit-header \
		-o src/netpatrol/locale/messages.pot .
	$(BIN)/pybabel update -i src/netpatrol/locale/messages.pot -d src/netpatrol/locale \
		--no-fuzzy-matching --width 100
