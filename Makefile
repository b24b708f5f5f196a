# Élus & quartiers — every command a developer needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev run demo migrate test lint worker beat browser shell clean backup restore bench bench-data bench-run lrs faults

help: ## List the commands
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the runtime requirements

install-dev: $(VENV)/.installed-dev ## Install the test and development requirements too

var:
	mkdir -p var/mail var/media

migrate: install var ## Apply the database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo content (idempotent)
	$(PY) manage.py load_demo_content

run: demo ## Install, migrate, load the demo content and serve http://127.0.0.1:8000 (SQLite, eager Celery; PORT=8100 or HOST=0.0.0.0 to change it)
	@echo "→ http://$(HOST):$(PORT)/  (comptes de démonstration : voir README.md)"
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

browser: ## Make sure Chromium (and nginx, for the reverse-proxy test) are installed (Debian packages, when root)
	@bash scripts/ensure-chromium
	@bash scripts/ensure-nginx

lint: install-dev ## ruff on the whole tree
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check .

test: install-dev browser var ## The whole suite: ruff, checks, migrations, pytest (unit, integration, browser), the crafted-input walk on the other database
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=elearning.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=elearning.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	PYTEST=$(VENV)/bin/pytest bash scripts/crafted-walk-other-database $(PYTEST_ARGS)

faults: install-dev var ## Fault tests on a private PostgreSQL and Redis: restarts under load (docs/operations.md)
	PYTEST=$(VENV)/bin/pytest bash scripts/faults $(PYTEST_ARGS)

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A elearning worker --loglevel=info

beat: install ## Run Celery beat, the periodic task scheduler (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A elearning beat --loglevel=info --schedule=var/celerybeat-schedule

RALPH_VENV := var/ralph-venv
LRS_PORT ?= 8100
LRS_PASSWORD ?= elearning-local

$(RALPH_VENV)/.installed: requirements-lrs.txt
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/pip install --quiet -r requirements-lrs.txt
	touch $@

lrs: var $(RALPH_VENV)/.installed ## Ralph LRS (file system) on http://127.0.0.1:8100/xAPI/ (user elearning, LRS_PASSWORD)
	@echo "→ XAPI_LRS_URL=http://127.0.0.1:$(LRS_PORT)/xAPI/ XAPI_LRS_USERNAME=elearning XAPI_LRS_PASSWORD=$(LRS_PASSWORD)"
	$(RALPH_VENV)/bin/python scripts/ralph_lrs.py --port $(LRS_PORT) --dir var/lrs --password $(LRS_PASSWORD)

backup: ## Back up PostgreSQL (DATABASE_URL) and the media into var/backups/<date>/ (docs/operations.md)
	$(PYTHON) scripts/backup

restore: ## Restore a backup: BACKUP=var/backups/<date> (latest by default), TARGET_DB=<name>, FORCE=1 to overwrite
	BACKUP="$(BACKUP)" TARGET_DB="$(TARGET_DB)" FORCE="$(FORCE)" $(PYTHON) scripts/restore

# Benchmark (docs/performance.md): PostgreSQL database $(BENCH_DB), Redis db 9 (× 1) or 10 (other sizes); never part of `make test`.
# SCALE multiplies every size of the data (make bench SCALE=10: 200 000 learners, 10 M lesson completions…)
# and gets its own database, so that both sizes can be measured side by side.
SCALE ?= 1
BENCH_DB ?= $(if $(filter 1,$(SCALE)),elearning_bench,elearning_bench_x$(SCALE))
COURSES ?= $(shell echo $$((40 * $(SCALE))))
MODULES ?= $(shell echo $$((150 * $(SCALE))))
LESSONS ?= $(shell echo $$((600 * $(SCALE))))
QUIZZES ?= $(shell echo $$((300 * $(SCALE))))
QUESTIONS ?= $(shell echo $$((3000 * $(SCALE))))
LEARNERS ?= $(shell echo $$((20000 * $(SCALE))))
COMPLETIONS ?= $(shell echo $$((1000000 * $(SCALE))))
ATTEMPTS ?= $(shell echo $$((200000 * $(SCALE))))
WEBINARS ?= $(shell echo $$((100 * $(SCALE))))
BENCH_USERS ?= 20
BENCH_DURATION ?= 20s
BENCH_WORKERS ?= 4
BENCH_SOAK ?= 10000
# Each scenario is compared with the reference page this many times; the median round is kept.
BENCH_ROUNDS ?= 3
# Each size its own Redis database too: building one size publishes pages, which would empty the
# content cache of a run on the other.
BENCH_REDIS ?= redis://127.0.0.1:6379/$(if $(filter 1,$(SCALE)),9,10)
BENCH_ENV := DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) \
	BENCH_REDIS_CACHE_URL=$(BENCH_REDIS) BENCH_CELERY_BROKER_URL=$(BENCH_REDIS)

bench-data: install-dev ## Build the benchmark dataset in PostgreSQL (sizes: make bench-data LEARNERS=2000 COMPLETIONS=100000 …)
	mkdir -p var/bench
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	$(BENCH_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(PY) manage.py bench_dataset --courses $(COURSES) --modules $(MODULES) --lessons $(LESSONS) \
		--quizzes $(QUIZZES) --questions $(QUESTIONS) --learners $(LEARNERS) --completions $(COMPLETIONS) \
		--attempts $(ATTEMPTS) --webinars $(WEBINARS) --output var/bench/dataset-x$(SCALE).json

bench-run: install-dev ## Load-test the existing benchmark dataset (gunicorn + locust); results in bench/results/ and docs/performance.md
	$(BENCH_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(PY) bench/run.py --dataset var/bench/dataset-x$(SCALE).json --users $(BENCH_USERS) --duration $(BENCH_DURATION) \
		--workers $(BENCH_WORKERS) --soak-requests $(BENCH_SOAK) --rounds $(BENCH_ROUNDS)

bench: bench-data bench-run ## Build the dataset, then load-test it (full size takes about half an hour on 2 cores)

shell: install ## Django shell
	$(PY) manage.py shell

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
