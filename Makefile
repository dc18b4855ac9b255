# The two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEEDS ?= ../shared/seeds

.PHONY: install db run test lint format migrations-check verify-quotes check-evidence check-deploy clean

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

run: db
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

verify-quotes: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata reference
	$(BIN)/python manage.py verify_quotes --sources $(SEEDS)

check-evidence: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata reference
	$(BIN)/python manage.py check_evidence

check-deploy: install
	DJANGO_SETTINGS_MODULE=pmroles.settings.prod SECRET_KEY=check-only-$$RANDOM$$RANDOM$$RANDOM$$RANDOM$$RANDOM \
		ALLOWED_HOSTS=example.org $(BIN)/python manage.py check --deploy --fail-level ERROR

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
