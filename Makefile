# The same commands run locally, in CI (.ci/run) and in docker-compose.yml.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format serve worker beat migrate demo clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed migrate demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	DEMO_LIVE=1 $(MAKE) serve

serve:
	$(PY) -m livescore.serve -b $(HOST) -p $(PORT) livescore.asgi:application

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.installed
	$(PY) manage.py demo_data

worker:
	$(VENV)/bin/celery -A livescore worker --loglevel=INFO

beat:
	$(VENV)/bin/celery -A livescore beat --loglevel=INFO

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
