# The two commands: `make run` (portal with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PYTEST_ARGS ?= -n auto
PORT ?= 8000

.PHONY: run test dev lint bench bench-search bench-digest throughput messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.stamp-run: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-run

dev: $(VENV)/.stamp-dev

run: $(VENV)/.stamp-run
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) compilemessages --ignore=$(VENV) -v 0
	DEBUG=true $(MANAGE) seed_demo
	DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.stamp-dev
	DEBUG=true $(MANAGE) compilemessages --ignore=$(VENV) -v 0
	DEBUG=true $(MANAGE) collectstatic --noinput -v 0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Pages on large datasets (PostgreSQL via DATABASE_URL), printed as tables; sizes: see bench/.
# The Markdown renderer on hostile input, the notes "versions compared" and the citation
# formats first: they need no database.
bench: $(VENV)/.stamp-dev
	$(PY) bench/markdown_bench.py
	$(PY) bench/notes_compare_bench.py
	$(PY) bench/citations_bench.py
	DEBUG=true $(MANAGE) collectstatic --noinput -v 0
	$(PY) bench/members_bench.py
	$(PY) bench/discussions_bench.py
	$(PY) bench/evidence_bench.py
	$(PY) bench/search_bench.py

# The search page alone: 200,000 posts, 20,000 topics, 20,000 evidence items, 5,000 members
# (built once, kept while the sizes match), 200 queries per language; needs PostgreSQL.
bench-search: $(VENV)/.stamp-dev
	DEBUG=true $(MANAGE) collectstatic --noinput -v 0
	$(PY) bench/search_bench.py

# The weekly digest end to end (PostgreSQL via DATABASE_URL, a private redis-server, real
# Celery workers, an SMTP sink): total time, messages/s, queries per member, worker memory.
bench-digest: $(VENV)/.stamp-dev
	DEBUG=true $(MANAGE) compilemessages --ignore=$(VENV) -v 0
	$(PY) bench/digest_bench.py

# Requests per second under load (gunicorn + wrk, PostgreSQL via DATABASE_URL), beside a trivial view.
throughput: $(VENV)/.stamp-dev
	$(PY) bench/throughput.py

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Update the French catalogue after changing strings, then translate the new entries.
messages: $(VENV)/.stamp-dev
	DEBUG=true $(MANAGE) makemessages -l fr --no-location --ignore=$(VENV) --ignore=staticfiles
	msgattrib --no-obsolete -o locale/fr/LC_MESSAGES/django.po locale/fr/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
