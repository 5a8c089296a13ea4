# PMI en AQT — `make run` serves the demo portal, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The first interpreter that is Python 3.12 or newer.
PYTHON ?= $(shell for c in python3.13 python3.12 python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$c; break; fi; done)
# Development defaults; production sets its own environment (see README).
export DEBUG ?= true
export PYTHONUNBUFFERED := 1

.PHONY: help install run serve worker demo test test-browser lint format check clean bench messages

help:
	@echo "make run    – installe, migre, charge la démo et sert le portail sur http://127.0.0.1:8000"
	@echo "make test   – installe et lance toute la suite de tests"
	@echo "make lint   – ruff et les couches de l'application (import-linter)"
	@echo "make clean  – supprime .venv et var/"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 ou plus récent est nécessaire (Django 6). Installez python3.12 puis relancez." >&2; exit 1; fi
	@echo "Interpréteur : $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	@touch $@

install: $(VENV)/.installed var

var:
	@mkdir -p var/emails var/celery

migrate: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

# Runs the Celery worker with its beat scheduler on the filesystem broker, next to the web
# server; both stop together on Ctrl-C.
# PORT chooses the port (make run PORT=8001); links in emails follow it unless SITE_URL is set.
PORT ?= 8000
run: demo
	@echo "Portail : http://127.0.0.1:$(PORT) — e-mails : var/emails/ et /emails/ (équipe)"
	@trap 'kill 0' EXIT INT TERM; \
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(VENV)/bin/celery -A pmi_aqt worker -B --concurrency=1 --loglevel=warning \
		--schedule var/celery/beat-schedule & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in one process per core (pytest-xdist; a module marked xdist_group stays on one
# process, so its module-wide fixture is built once); PARALLEL=0 runs it in this process.
PARALLEL ?= auto
test: install var
	PMI_TESTING=true $(VENV)/bin/pytest -n $(PARALLEL) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var

# The French catalog of plural messages (locale/fr): run after adding a plural, then commit it.
messages: install
	$(PY) manage.py plural_catalog

# The benchmark (docs/performance.md): PostgreSQL and Redis required; DEBUG off as in production.
# make bench SCALE=0.1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmi_aqt_bench
SCALE ?= 0.01
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pmi_aqt_bench
BENCH_ARGS ?=
bench: install var
	@psql "$(BENCH_DATABASE_URL)" -Atc 'select 1' >/dev/null 2>&1 || \
		createdb -h 127.0.0.1 -U postgres $$(basename "$(BENCH_DATABASE_URL)")
	export DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=tooling.bench.settings \
		DEBUG=false SECRET_KEY=bench-only-not-a-secret-key-0123456789abcdefghij \
		ALLOWED_HOSTS=127.0.0.1,localhost,testserver SECURE_SSL_REDIRECT=false \
		REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14} LOG_LEVEL=WARNING && \
	$(PY) manage.py migrate --noinput -v0 && \
	$(PY) manage.py createcachetable && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	$(PY) manage.py generate_scale_data --scale $(SCALE) --reuse --reset && \
	$(PY) manage.py bench $(BENCH_ARGS)
