# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs,
# or a shortcut: `make test-fast` (no browser, no LibreOffice) for the edit loop.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml package.json package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The address `make run` serves, passed on as WFA_RUN_URL so the links in emails and on QR cards
# point at it (WFA_SITE_URL, in the environment or .env, wins). Served on every interface
# (HOST=0.0.0.0), the links name this machine as its users reach it: set WFA_SITE_URL.
SITE_URL := http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.PHONY: run test test-fast system-packages install bench lint format migrate seed clean stack stack-stop stack-status

$(STAMP):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 tidak ditemukan: pasang python3.11 atau jalankan 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The task worker (email, long exports) runs beside the server and stops with it.
run: seed
	$(PY) manage.py schedule_daily_tasks
	$(PY) manage.py purge_personal_data --schedule
	@echo "Portal: $(SITE_URL) (tautan email: WFA_SITE_URL bila diatur, selain itu alamat ini)"
	WFA_RUN_URL=$(SITE_URL) $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	WFA_RUN_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# One pytest worker per core (pytest-xdist; each has its own test database and browser); a worker
# that runs out of tests takes some of the other's (worksteal), so both finish together. The order
# is random (pytest-randomly prints its seed: PYTEST_ARGS=--randomly-seed=N replays an order,
# PYTEST_ARGS="-p no:randomly" keeps the default one).
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: without it every worker compiles
# the project and rewrites every test module's asserts again on every run (seconds per worker).
TEST_WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

# The whole suite, the browser and print tests included once their system packages are there.
test: install system-packages
	$(PYTEST) $(PYTEST_ARGS)

# The edit loop: everything but the browser tests and LibreOffice's print tests.
test-fast: install
	$(PYTEST) -m "not e2e and not libreoffice" $(PYTEST_ARGS)

# What the tests need from the system (Debian packages): Chromium's headless shell (browser tests),
# LibreOffice Calc (print tests), poppler-utils and qpdf (PDF checks), PgBouncer (.ci/run's
# PostgreSQL runs go through it). Installed where this user
# may install packages (root, or sudo without a password); elsewhere the tests that need them
# skip with a hint saying what to install.
SYSTEM_PACKAGES := chromium-headless-shell libreoffice-calc poppler-utils qpdf pgbouncer
system-packages:
	@command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0; \
	missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	[ -n "$$missing" ] || exit 0; \
	if [ "$$(id -u)" = 0 ]; then as=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as="sudo -n"; \
	else echo "Paket sistem belum terpasang:$$missing. Pasang dengan 'sudo apt-get install$$missing'; sampai itu, tes yang memerlukannya dilewati."; exit 0; fi; \
	echo "Memasang paket sistem untuk tes:$$missing"; \
	$$as apt-get update -q && $$as env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing </dev/null \
		|| echo "Gagal memasang$$missing: tes yang memerlukannya dilewati."

# The province-scale stack on this machine (deploy/stack.sh, docs/scaling.md): PgBouncer in front
# of PostgreSQL, a streaming replica, gunicorn x STACK_APP_SERVERS behind haproxy, the task
# worker; every port and the database (STACK_DB) from the environment. Idempotent; as root.
stack: install
	@for p in pgbouncer haproxy postgresql-common; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing </dev/null
	deploy/stack.sh start

stack-stop:
	deploy/stack.sh stop

stack-status:
	deploy/stack.sh status

# Needs PostgreSQL (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432); keeps its own
# databases wfa_bench_demo and wfa_bench_100k between runs.
bench: install
	$(PY) -m tests.bench $(BENCH_ARGS)

# The dependency order of docs/architecture.md is a contract too ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
