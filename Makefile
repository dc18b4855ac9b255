# The two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The source documents (five seed texts); .ci/run exports PMROLES_SEEDS.
PMROLES_SEEDS ?= ../shared/seeds

.PHONY: install db run test test-schemathesis lint typecheck format migrations-check verify-quotes check-evidence check-deploy serve bench bench-mixed cluster backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata reference

# `make run PORT=8001` (or PORT in the environment) serves on another port.
PORT ?= 8000
run: db
	@echo
	@echo "pmroles is ready: open http://127.0.0.1:$(PORT)/ (the API: http://127.0.0.1:$(PORT)/api/docs/)."
	@echo "To edit in the admin (http://127.0.0.1:$(PORT)/admin/), create an editor account first:"
	@echo "  $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

# Generated requests against the API schema (left out of `make test`, see pyproject.toml).
test-schemathesis: install
	$(BIN)/python -m pytest -p schemathesis -p hypothesispytest -m schemathesis tests/api/test_api_schemathesis.py

# Style, the direction of imports (pyproject.toml [tool.importlinter]) and types (mypy.ini).
lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy roles responsibilities web editing pmroles api

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

verify-quotes: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata reference
	$(BIN)/python manage.py verify_quotes --sources $(PMROLES_SEEDS)

check-evidence: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata reference
	$(BIN)/python manage.py check_evidence

# Django's deployment checks on the production settings as shipped (HTTPS redirect, HSTS,
# secure cookies...): any warning fails, and CI runs this.
check-deploy: install
	DJANGO_SETTINGS_MODULE=pmroles.settings.prod \
		SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# Production settings locally: static files collected, migrations applied, gunicorn with
# gunicorn.conf.py (GUNICORN_BIND, default 127.0.0.1:8000). Needs SECRET_KEY and usually
# DATABASE_URL; over plain HTTP add SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false.
PROD := DJANGO_SETTINGS_MODULE=pmroles.settings.prod
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY first, e.g." \
		"SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; \
		exit 2; }
	$(PROD) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/gunicorn -c gunicorn.conf.py pmroles.wsgi

# gunicorn + PostgreSQL (database perf_bench) + generated data + wrk; see scripts/bench.py.
bench: install
	$(BIN)/python scripts/bench.py

# A crowd: 500+ distinct addresses, 8 connections, a write every 1.5 s (scripts/bench_mixed.py).
bench-mixed: install
	$(BIN)/python scripts/bench_mixed.py

# Two app servers behind HAProxy, one stopped under load; see scripts/cluster.sh.
cluster: install
	scripts/cluster.sh

# The whole database (content, history, users, groups, tokens) to one file, and back.
# `make backup` writes backups/pmroles-<UTC time>.json.gz (or BACKUP=FILE); `make restore
# FROM=FILE` migrates, then replaces every row in one transaction (all or nothing).
ifndef BACKUP
BACKUP := backups/pmroles-$(shell date -u +%Y%m%dT%H%M%SZ).json.gz
endif
backup: install
	mkdir -p $(dir $(BACKUP))
	$(BIN)/python manage.py backup $(BACKUP)

restore: install
	@test -n "$(FROM)" || { echo "make restore: say which file, e.g. make restore FROM=$(BACKUP)" >&2; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore --yes $(FROM)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-cache staticfiles var
