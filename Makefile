# Debrief: `make run` serves the app with demo data; `make test` runs every check.
# With DATABASE_URL unset, both start an embedded PostgreSQL in .pgdata/ and stop it afterwards.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
WITH_DB := $(BIN)/python -m config.devdb
HOST ?= 127.0.0.1
PORT ?= 8000

# Python 3.13 (or 3.12): from PATH, else from pyenv, without naming this machine's paths.
ifndef PYTHON
PYTHON := $(shell \
	for candidate in python3.13 python3.12; do \
		if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
			echo $$candidate; exit 0; fi; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then \
		for version in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[23](\.|$$)' | sort -rV); do \
			echo "$$(pyenv root)/versions/$$version/bin/python3"; exit 0; \
		done; \
	fi)
endif

.PHONY: help run test lint format migrations-check manage bench lock clean browser-deps audit messages \
	cluster cluster-deps redis-deps pdf-deps loadtest image image-deps

help:
	@echo "make run    – install, start the database, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "             with the task worker, the scheduler and inbound mail (SMTP on 127.0.0.1:2525);"
	@echo "             Ctrl-C stops everything"
	@echo "make test   – lint, migrations check and the whole test suite"
	@echo "make bench  – load-test the main pages (docs/benchmarks.md)"
	@echo "make cluster  – PostgreSQL + a streaming replica, Redis, 3 web replicas, 2 workers, the"
	@echo "             scheduler and HAProxy on http://127.0.0.1:8080; Ctrl-C stops everything"
	@echo "make loadtest – Locust against a cluster, killing a web replica and a worker, then a"
	@echo "             rolling restart; results in bench/cluster.json (docs/benchmarks.md)"
	@echo "make image  – build the Dockerfile with buildah and run it against the development database"
	@echo "             (BASE_IMAGE=… to choose the base; see docs/deployment.md)"
	@echo "make audit  – check requirements.lock for known vulnerabilities (needs a network)"
	@echo "make manage cmd='shell'  – run a manage.py command against the development database"
	@echo "make messages – gather the strings to translate into the Welsh .po and compile it"
	@echo "             (docs/translation.md; needs GNU gettext)"

$(BIN)/.installed: requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "Python 3.13 (or 3.12) is required: install it, e.g. with pyenv." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

# Development mode, said explicitly: Debrief's settings default to production (DEBRIEF_DEBUG off).
DEV := DEBRIEF_DEBUG=1
# Links in emails point at this server, whatever port it was given.
DEBRIEF_SITE_URL ?= http://$(HOST):$(PORT)

# Every process type in the Procfile (web, worker, scheduler, inbound mail), run by honcho (config/procfile.py)
# after migrating and loading the demo data. Ctrl-C or SIGTERM stops every one, the database too.
run: $(BIN)/.installed
	$(DEV) HOST=$(HOST) PORT=$(PORT) DEBRIEF_SITE_URL=$(DEBRIEF_SITE_URL) $(WITH_DB) bash -c \
		'$(BIN)/python manage.py migrate --no-input \
		&& $(BIN)/python manage.py seed_demo \
		&& exec $(BIN)/python -m config.procfile'

manage: $(BIN)/.installed
	$(DEV) $(WITH_DB) $(BIN)/python manage.py $(cmd)

# The same tools as .pre-commit-config.yaml, run from the virtualenv: no network needed.
PY_FILES = $(shell git ls-files --cached --others --exclude-standard '*.py' 2>/dev/null \
	|| find . -name '*.py' -not -path './.venv/*')
DJANGO_TARGET := 6.1

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "django-upgrade --target-version $(DJANGO_TARGET) --check (every .py file)"
	@$(BIN)/django-upgrade --target-version $(DJANGO_TARGET) --check $(PY_FILES)
	$(BIN)/djlint templates --lint

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	@$(BIN)/django-upgrade --target-version $(DJANGO_TARGET) $(PY_FILES) || true

# The Welsh catalogue (docs/translation.md): every string marked in the sources gathered into
# locale/cy/LC_MESSAGES/django.po (translations kept, new ones empty, changed ones fuzzy), then
# compiled into the django.mo that is committed beside it. Needs GNU gettext (Debian: gettext).
# locale/django/ (Welsh for Django's own messages that Django lacks) is kept by hand.
CATALOGUE := locale/cy/LC_MESSAGES/django
DJANGO_GAPS := locale/django/cy/LC_MESSAGES/django
messages: $(BIN)/.installed
	$(DEV) $(BIN)/python manage.py makemessages --locale=cy --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=bench
	msgfmt --check --statistics -o $(CATALOGUE).mo $(CATALOGUE).po
	msgfmt --check --statistics -o $(DJANGO_GAPS).mo $(DJANGO_GAPS).po

migrations-check: $(BIN)/.installed
	$(DEV) $(WITH_DB) $(BIN)/python manage.py makemigrations --check --dry-run

# In CI the browser tests must run: install Debian's Chromium when it is missing. They validate
# every page with the Nu HTML checker (vnu-jar, pinned by package-lock.json, into the git-ignored
# node_modules/; its install script, which downloads a Java runtime, is not run: Debian's is used).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
browser-deps: $(VNU_JAR)
	@if [ -n "$$CI" ] && ! [ -x /usr/bin/chromium ]; then \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

$(VNU_JAR): package-lock.json
	@if ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "Installing Java and npm for the Nu HTML checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless npm >/dev/null; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

# The tests of several web replicas start a real Redis server: install Debian's when it is missing
# (as browser-deps does for Chromium in CI), so those tests never skip.
redis-deps:
	@if ! command -v redis-server >/dev/null 2>&1; then \
		echo "Installing redis-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

# PDFs (the work-search record, the board summary) are drawn by WeasyPrint with Debian's Pango, and
# the tests read them back with poppler's pdftotext and pdfinfo: installed when missing.
pdf-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || ! command -v pdftotext >/dev/null 2>&1; then \
		echo "Installing Pango and poppler-utils for PDFs"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils >/dev/null; \
	fi

# make cluster needs HAProxy and Redis: Debian's packages, installed when missing.
cluster-deps: redis-deps
	@if ! command -v haproxy >/dev/null 2>&1; then \
		echo "Installing haproxy"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	fi

# Everything on 127.0.0.1 (config/cluster.py); CLUSTER_PORT (default 8080) is HAProxy's port.
cluster: $(BIN)/.installed cluster-deps
	$(BIN)/python -m config.cluster $(CLUSTER_ARGS)

# make image builds with buildah and, where the registry cannot be reached, makes a Debian base
# with mmdebstrap: Debian's packages, installed when missing (as browser-deps does for Chromium).
image-deps:
	@if ! command -v buildah >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1; then \
		echo "Installing buildah and mmdebstrap"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah mmdebstrap >/dev/null; \
	fi

# Build the image (config/image.py), then run its own command against the development database
# (migrated first) until /healthz answers and `manage.py migrate --check` passes.
image: $(BIN)/.installed image-deps
	$(WITH_DB) bash -c '$(DEV) $(BIN)/python manage.py migrate --no-input -v 0 \
		&& $(BIN)/python -m config.image $(if $(BASE_IMAGE),--base $(BASE_IMAGE))'

# Starts its own cluster (a fresh database, debrief_loadtest), runs both scenarios, stops it.
loadtest: $(BIN)/.installed cluster-deps
	$(BIN)/python -m bench.cluster $(LOADTEST_ARGS)

test: $(BIN)/.installed browser-deps redis-deps pdf-deps lint
	$(WITH_DB) bash -c '$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run \
		&& $(BIN)/python -m pytest $(PYTEST_ARGS)'

bench: $(BIN)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)

# Known vulnerabilities of the production lock file, from PyPI's advisory service (the JSON API
# pip-audit asks per package). When that service cannot be reached it says "could not check" and
# exits 2; --strict makes any package it cannot look up a failure too: never a silent pass.
audit: $(BIN)/.installed
	@django=$$(sed -n 's/^django==\([^ ]*\).*/\1/p' requirements.lock); \
	if ! $(BIN)/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' \
		"https://pypi.org/pypi/django/$$django/json" 2>/dev/null; then \
		echo "make audit: could not check: no network (PyPI's vulnerability service does not answer for django $$django)." >&2; \
		exit 2; \
	fi
	$(BIN)/pip-audit --requirement requirements.lock --require-hashes --disable-pip --strict --progress-spinner off

lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.13 --generate-hashes -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.13 --generate-hashes -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pgdata .cluster staticfiles bench/results.json
