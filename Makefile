# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install lint messages vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Install, migrate, load the demo data and serve the portal at http://127.0.0.1:8000 (SQLite, eager tasks).
demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Install and run the whole suite: lint, migrations in step with the models, then pytest.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the message catalogues after changing UI strings; the .mo files are committed.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l nl --no-obsolete --add-location file -i ".venv/*" -i "bench/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages -i ".venv"

# Refresh the vendored NL Design System CSS from the version pinned in package-lock.json.
vendor:
	npm ci --ignore-scripts
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht-component-library-css/index.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md static/vendor/utrecht-component-library-css/LICENSE.md

# Benchmarks (issue 10): data at scale 1 and 4, page latency under load (gunicorn + wrk), query counts and the
# organisation import, on PostgreSQL at DATABASE_URL (default: the local `bench` database, created if missing).
# Figures in bench/latest.json; see README, "Performance".
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py
