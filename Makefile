# Klyngeportalen. Quick start: `make run` (serve a demo on 127.0.0.1:8000) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := portal.settings

.PHONY: install run serve test test-quick test-sqlite test-postgres lint bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	@touch $@

run: install
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_data
	DEBUG=1 $(PY) manage.py create_demo_users
	@echo "Klyngeportalen: http://127.0.0.1:$(PORT)/"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/test.sh

test-quick: install
	bash scripts/test.sh quick

test-sqlite: install
	bash scripts/test.sh sqlite

test-postgres: install
	bash scripts/test.sh postgres

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	bash scripts/deadcode.sh

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=test-artifacts --ignore=build
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

bench: install
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) staticfiles test-artifacts
