# Two commands on a fresh machine (see README):
#   make demo   set everything up and run the portal with demo data on http://127.0.0.1:8000
#   make test   install everything, run the checks (make lint) and the whole test suite (what .ci/run calls)
# Inner loop: make test-quick (the suite without the browser and Celery-worker tests); docs/testing.md.

VENV ?= .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/clean_air_grants
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist workers (one per core on the 2-core machine); each has its own test database (<name>_gw0, ...), and
# the browser, Celery-worker and SMTP tests each run on one worker in turn (tests/conftest.py, XDIST_GROUPS)
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup --durations=20
# make benchmark APPLICATIONS=100000: the staff pages (benchmarks/staff.py) and the post-award pages and daily tasks
# with every stage loaded (benchmarks/postaward.py) at 1,000 and 100,000 applications (--applications)
APPLICATIONS ?= 1000

.PHONY: install system-packages demo test test-quick lint benchmark deploy-check

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Chromium for the browser tests, the fonts/Pango that WeasyPrint renders PDFs with, GNU gettext
# (makemessages/compilemessages; the compiled catalogs are committed, the test checks them against the sources),
# Caddy (deploy-check validates the TLS proxy's configuration with it), pg_dump/pg_restore and redis-server (the
# backup and broker-outage tests).
system-packages:
	@if ! command -v chromium >/dev/null 2>&1 || ! ldconfig -p | grep -q libpango-1.0 || ! command -v xgettext >/dev/null 2>&1 \
		|| ! command -v caddy >/dev/null 2>&1 || ! command -v pg_dump >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext caddy postgresql-client redis-server >/dev/null; \
	fi

demo: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	DJANGO_DEBUG=true $(PY) manage.py demo_server 127.0.0.1:8000

# Two runs: everything else in parallel, then the tests that share TEST_REDIS_URL with a real Celery worker, alone
# (under -n 2 the other worker's load and timing made them flaky; docs/testing.md).
test: install system-packages lint deploy-check
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_PARALLEL) \
		-m "not celery_worker and not redis"
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -n 0 --durations=10 \
		-m "celery_worker or redis"

# The inner loop: every test but the browser journeys and the real Celery worker, in parallel, without the checks.
test-quick: install
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_PARALLEL) \
		-m "not browser and not celery_worker and not redis"

# The production build without a Docker engine (issue 24, docs/deploy.md): Dockerfile, compose file, Kubernetes
# manifests and Caddyfile validated; the package installed apart from the checkout; collectstatic with the production
# storage and check --deploy with the production settings of .env.example.
deploy-check: install system-packages
	VENV=$(VENV) bash deploy/check.sh

# What .pre-commit-config.yaml runs too: lint, formatting, the import contracts (pyproject [tool.importlinter])
# and the type checks of the pure rules (pyproject [tool.mypy]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

benchmark: install
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) benchmarks/run.py
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) benchmarks/funding.py
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) benchmarks/dashboards.py
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) benchmarks/staff.py --applications $(APPLICATIONS)
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) benchmarks/postaward.py --applications $(APPLICATIONS)
