# Leitbildportal: `make run` and `make test` do all set-up on a fresh machine.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

# uv must use the machine's Python (see .python-version), never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test deps node browser gettext lint format messages bench-pages clean

run: deps .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_muenster
	$(PY) manage.py store_adopted_pdfs
	$(PY) manage.py load_examples
	$(PY) manage.py ensure_staff_group
	$(PY) manage.py ensure_dev_staff
	@echo "Portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Development settings, written once: an existing .env is never touched.
# The key is generated here so that no two machines share one.
.env:
	@umask 077 && { \
	  echo "# Development settings written by make run (git-ignored; see .env.example)."; \
	  echo "DEBUG=true"; \
	  $(PYTHON) -c 'import secrets; print("SECRET_KEY=django-insecure-" + secrets.token_urlsafe(50))'; \
	} > $@.tmp && mv $@.tmp $@
	@echo "Wrote $@: development settings (DEBUG on, a generated key)."

# The layers contract (import-linter, see pyproject.toml), then the whole
# suite; on PostgreSQL when DATABASE_URL is set.
test: deps browser node gettext
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest $(PYTEST_ARGS)

deps: $(VENV)/.synced

# Node tools of the tests and benches (ical.js, Lighthouse), pinned in
# package-lock.json; Node.js and npm come with the machine.
node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

# Browser tests drive Debian's Chromium; install it when missing and we may.
# GNU gettext: the suite checks the catalogues with makemessages (xgettext,
# msgmerge) and `make messages` needs it.
gettext:
	@if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing GNU gettext for the catalogue checks"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext; \
	  else \
	    echo "The catalogue checks need GNU gettext. Run: sudo apt-get update && sudo apt-get install -y gettext"; \
	    exit 1; \
	  fi; \
	fi

browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "The browser tests need Chromium. Run: sudo apt-get update && sudo apt-get install -y chromium"; \
	    exit 1; \
	  fi; \
	fi

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Collects every marked string into the catalogues and compiles them.
messages: deps gettext .env
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=.tools --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

bench-pages: deps
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) $(TOOLS) node_modules var db.sqlite3
