# The project's commands. Each sets up what it needs first (see scripts/setup.sh).
#
#   make run        the portal with demo data at http://127.0.0.1:8000
#   make test       the whole test suite: unit and browser tests
#   make test-e2e   the browser tests only
#   make bench      every benchmark in bench/
#   make messages   refresh the Chinese message catalogue and compile it
#   make worker     the task worker and the deadline clocks (reminders, escalations)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
PYTEST := $(PYTHON) -m pytest
ADDRESS := 127.0.0.1:8000

.PHONY: run test test-e2e bench messages setup setup-browser worker

run: setup
	@echo "Bringing the database up to date..."
	@$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) load_demo
	@echo "Starting the portal at http://$(ADDRESS)/ (admin: http://$(ADDRESS)/admin/)"
	$(MANAGE) runserver $(ADDRESS)

test: setup-browser
	$(PYTEST)

test-e2e: setup-browser
	$(PYTEST) tests/e2e

bench: setup
	@shopt -s nullglob; status=0; \
	for bench in bench/*.py; do echo "== $$bench"; PYTHONPATH=. $(PYTHON) "$$bench" || status=1; done; \
	exit $$status

messages: setup
	scripts/install-system-packages.sh gettext
	$(MANAGE) makemessages --locale=zh_Hans --ignore=static --ignore=media --ignore=private \
		--ignore=tests --ignore=bench --ignore=build --no-obsolete
	$(MANAGE) compilemessages --locale=zh_Hans --ignore=.venv

setup:
	scripts/setup.sh

setup-browser:
	scripts/setup.sh --browser

# The task worker and the clock loop side by side (SQLite is fine for the demo); Ctrl-C stops both.
CLOCK_EVERY := 60
worker: setup
	@$(MANAGE) migrate --noinput --verbosity 0
	@echo "Task worker and deadline clocks running (a scan every $(CLOCK_EVERY) s); Ctrl-C stops both."
	export TASKS_BACKEND=django_tasks_db.DatabaseBackend; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) run_clocks --every $(CLOCK_EVERY)
