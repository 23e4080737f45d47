# Kotacerdas — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo worker dev test-api install migrate reference seed serve test lint types check e2e bench bench-national messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	cd src/kotacerdas && ../../$(BIN)/django-admin compilemessages --ignore=.venv > /dev/null

migrate: install messages
	mkdir -p var/static
	$(MANAGE) migrate --noinput

reference: migrate
	$(MANAGE) load_reference

seed: reference
	$(MANAGE) seed_demo

# The demo runs as production would: DEBUG off, the friendly error pages, gunicorn.
serve:
	@echo "Kotacerdas: http://$(HOST):$(PORT)/"
	DEBUG=false $(BIN)/gunicorn --chdir src --bind $(HOST):$(PORT) --workers 2 --access-logfile - \
		kotacerdas.config.wsgi:application

# For development only: Django's auto-reloading server with DEBUG on (tracebacks in pages).
dev: seed
	DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

# The web server and one worker of background jobs together (Procfile, run by honcho).
demo: seed
	@echo "Kotacerdas: http://$(HOST):$(PORT)/ (web and one jobs worker; Ctrl+C stops both)"
	HOST=$(HOST) $(BIN)/honcho start -f Procfile -p $(PORT)

# One worker of background jobs (make demo starts one; start more in other terminals).
worker: install messages
	$(MANAGE) jobs_worker

lint: install
	$(BIN)/ruff format --check src tests e2e bench contract
	$(BIN)/ruff check src tests e2e bench contract

types: install
	$(BIN)/mypy

check: install messages
	DJANGO_ENV=test $(MANAGE) check --fail-level WARNING
	DJANGO_ENV=test $(MANAGE) makemigrations --check --dry-run

# One worker per core; an idle worker takes tests queued for a busy one. The slowest tests
# are listed so that a slow newcomer is seen.
test: lint types check
	DJANGO_ENV=test $(BIN)/pytest -n auto --dist worksteal --cov --cov-report=term \
		--durations=15 --durations-min=2

# The API contract: schemathesis against a served, seeded application (EXAMPLES per operation).
EXAMPLES ?= 20
test-api: install messages
	$(BIN)/python contract/run.py --examples $(EXAMPLES)

e2e: install messages
	DJANGO_ENV=test $(BIN)/pytest e2e -p no:randomly

# Both runs: the pages and APIs on the demo and bench seeds, then the monitoring pages on the
# full synthetic national data set (bench/README.md).
NATIONAL_REGIONS ?= 514
bench: install messages
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --national --national-regions $(NATIONAL_REGIONS)

# The monitoring pages over HTTP on the synthetic national data set (bench/README.md, "At national
# scale"): builds a fresh var/bench-national.sqlite3 (or $DATABASE_URL) of NATIONAL_REGIONS first.
bench-national: install messages
	$(BIN)/python bench/run.py --national --national-regions $(NATIONAL_REGIONS)

clean:
	rm -rf $(VENV) var
