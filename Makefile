# Two commands for a fresh clone:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml package-lock.json 2>/dev/null | sha1sum | cut -c1-10)

.PHONY: demo test setup setup-test assets lint bench

demo: setup ## set up and run the demo on http://127.0.0.1:8000
	$(BIN)/wellboard demo

test: setup-test ## set up and run lint and the whole test suite on SQLite and PostgreSQL
	scripts/test.sh

setup: $(VENV)/.app-$(HASH) assets
	scripts/system-deps.sh

setup-test: $(VENV)/.test-$(HASH) assets
	scripts/system-deps.sh --test

$(VENV)/.app-$(HASH):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-$(HASH):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.app-$(HASH)

assets: wellboard/static/govuk/govuk-frontend.min.css

wellboard/static/govuk/govuk-frontend.min.css: package-lock.json frontend/govuk.scss
	scripts/build-assets.sh

lint: setup-test
	$(BIN)/ruff check wellboard tests

bench: setup
	$(BIN)/wellboard bench assess
	$(BIN)/wellboard bench outputs
