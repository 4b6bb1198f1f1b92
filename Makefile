# ITA Portal: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# make run runs background jobs at once, in the request that queues them (README "Background
# jobs"); `make run TASKS_BACKEND=database` queues them for `manage.py db_worker` instead.
TASKS_BACKEND ?= immediate
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1

.PHONY: run test lint format demo migrate clean venv messages bench loadtest load-tools backup restore lock

# The venv installs exactly what requirements-dev.lock pins, every file checked against its hash,
# and is rebuilt whenever a lock file changes. A requirements*.txt pin missing from the lock (edited
# without `make lock`) stops the install instead of being passed over.
$(VENV)/.installed: requirements.lock requirements-dev.lock requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "ต้องมี $(PYTHON) (Python 3.11) บนเครื่อง"; exit 1; }
	@$(PYTHON) -c "$$LOCK_CHECK"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

# Each `name==version` of requirements*.txt must be in its lock (names compared as pip does).
define LOCK_CHECK
import re, sys
PIN = re.compile(r"(?m)^([A-Za-z0-9][\w.-]*)(?:\[[^]]*\])?==([^\s;#]+)")
def pins(path):
    text = open(path).read()
    return {(re.sub(r"[-_.]+", "-", name).lower(), version) for name, version in PIN.findall(text)}
stale = [
    f"{lock}: {name}=={version}"
    for lock, sources in (
        ("requirements.lock", ["requirements.txt"]),
        ("requirements-dev.lock", ["requirements.txt", "requirements-dev.txt"]),
    )
    for source in sources
    for name, version in sorted(pins(source) - pins(lock))
]
if stale:
    sys.exit("The lock files are out of date (run `make lock`): " + ", ".join(stale))
endef
export LOCK_CHECK

# `make lock`: pip-tools in a throwaway venv outside the project (it is no project dependency),
# run with $(PYTHON) on Linux, so both locks are for Python 3.11 on Linux. Transitive pins already in
# a lock are kept; `make lock LOCK_ARGS=--upgrade` (or `LOCK_ARGS="-P NAME"`) moves them on.
# The dev lock is constrained by requirements.lock: tests run the versions production runs.
PIP_TOOLS := pip==26.3 pip-tools==7.7.0
LOCK_VENV ?= /tmp/ita-portal-pip-tools-7.7.0
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

## make lock: regenerate requirements.lock and requirements-dev.lock after editing requirements*.txt
lock:
	@command -v $(PYTHON) >/dev/null || { echo "ต้องมี $(PYTHON) (Python 3.11) บนเครื่อง"; exit 1; }
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) \
		&& $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check $(PIP_TOOLS); }
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

# Thai translations (locale/*.po -> .mo) in pure Python with Babel: no msgfmt on the machine.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po $(VENV)/.installed
	$(PY) -m core.locale_build

messages: $(MO_FILES)

venv: $(VENV)/.installed messages

# axe-core for the accessibility tests, as package-lock.json pins it (tests only: the portal
# itself serves no JavaScript from npm).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "ต้องมี npm (Node.js) สำหรับการทดสอบการเข้าถึง (axe-core)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py load_oit_demo

## make run: set up everything and serve the portal with the demo data on http://$(HOST):$(PORT)
run: demo
	@echo "ITA Portal: http://$(HOST):$(PORT)/  (ผู้ดูแล: http://$(HOST):$(PORT)/admin/ ดูบัญชีทดลองใน README)"
	TASKS_BACKEND=$(TASKS_BACKEND) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole test suite (SQLite unless DATABASE_URL points elsewhere), on two
## processes (pytest-xdist; PYTEST_ARGS="-n 0" runs it in one, "-m browser" only the browser tests)
PYTEST_ARGS ?= -n 2
test: venv node_modules/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# wrk and PostgreSQL 15 from Debian when root (see bench/install-tools.sh); never fails.
load-tools:
	@bash bench/install-tools.sh

## make bench: page, PDF, import and throughput figures against baselines -> bench/results.md
bench: $(VENV)/.installed load-tools
	$(PY) bench/run.py

## make loadtest: 50 connections for 30 s, a worker killed, PostgreSQL restarted -> bench/results.md
loadtest: $(VENV)/.installed load-tools
	$(PY) bench/loadtest.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make backup: database + MEDIA_ROOT + EVIDENCE_ROOT in backups/ita-YYYYmmdd-HHMMSS.tar.gz
## (BACKUP_DIR and BACKUP_KEEP override the folder and how many to keep; see README "Backups")
backup: $(VENV)/.installed
	$(PY) manage.py backup

## make restore FILE=backups/ita-….tar.gz: replaces the database and the files; asks first (YES=1 skips)
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "ใช้: make restore FILE=backups/ita-YYYYmmdd-HHMMSS.tar.gz [YES=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(filter 1,$(YES)),--yes)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
