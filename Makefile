# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
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

.PHONY: run test install bench lint format migrate seed clean

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
# that runs out of tests takes some of the other's (worksteal), so both finish together.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: without it every worker compiles
# the project and rewrites every test module's asserts again on every run (seconds per worker).
TEST_WORKERS ?= auto
test: install
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Needs PostgreSQL (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432); keeps its own
# databases wfa_bench_demo and wfa_bench_100k between runs.
bench: install
	$(PY) -m tests.bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
