# PrepSite: `make run` to use it, `make test` to test it. See README.md.
VENV ?= .venv
PYTHON ?= python3.11
BIN := $(VENV)/bin
PORT ?= 8000
DEMO ?= 1
# Test processes (pytest-xdist): one per core.
TEST_WORKERS ?= auto
# The embedded defaults (SQLite, filesystem broker) need DEBUG on for a development secret key.
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run setup test lint format demo superuser bench

run: setup
	@# The embedded (filesystem) Celery broker and result store keep their messages here.
	mkdir -p var/celery-broker var/celery-processed var/celery-results var/celery-control
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	@if [ "$(DEMO)" = "1" ]; then $(DEV_ENV) $(BIN)/python manage.py load_demo; fi
	@echo ""
	@echo "  PrepSite is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo ""
	@# Links in e-mails and feeds point at this port unless SITE_URL says otherwise.
	PATH="$(CURDIR)/$(BIN):$$PATH" $(DEV_ENV) PORT=$(PORT) \
	  SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/honcho start -f Procfile.dev

setup: $(VENV)/.installed node_modules/.installed
	@scripts/install-system-packages.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: setup
	@# Each process gets its own test database, Celery queue and cache prefix (tests/conftest.py);
	@# tests marked xdist_group("name") run in one process, one after another.
	@# Compiled modules, with pytest's rewritten asserts, are kept even where the environment says
	@# not to write them (PYTHONDONTWRITEBYTECODE): a second run, such as CI's on the other
	@# database, then skips several seconds of compiling in every process.
	$(DEV_ENV) PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_demo

superuser: setup
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

# Page/API benchmark on PostgreSQL + Redis under gunicorn (bench/run.py; see README).
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)
