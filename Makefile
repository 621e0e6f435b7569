# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Every dependency, direct and transitive, pinned with hashes for Python 3.11 on Linux: the runtime
# (requirements.lock) and the runtime with the test extra (requirements-test.lock). `make lock` writes both.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
UV := uv==0.13.9
COMPILE := $(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --python-platform linux \
	--custom-compile-command "make lock" --quiet $(COMPILE_FLAGS)

.PHONY: demo test install lint lock messages vendor screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock brings its own pip and the build backend; the project itself goes in last, built with that backend
# and without dependencies, so nothing unpinned comes in. The lock names every package, so pip installs exactly it
# (--no-deps): resolving again let a newer release of a dependency asked for with an extra
# (pip-audit's CacheControl[filecache]) count as unpinned and stop the install.
$(VENV)/.installed: pyproject.toml $(LOCK) $(TEST_LOCK) | $(BIN)/python
	$(BIN)/pip install -q --require-hashes --no-deps -r $(TEST_LOCK)
	$(BIN)/pip check
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

# Regenerate the lock files after changing pyproject.toml; transitive pins already locked stay while they fit
# (`make lock COMPILE_FLAGS=--upgrade` takes the newest). The runtime lock is constrained by the test lock, so
# both pin the same versions.
lock: | $(BIN)/python
	$(BIN)/pip install -q "$(UV)"
	$(COMPILE) --extra test --group build --output-file $(TEST_LOCK)
	$(COMPILE) --group build --constraint $(TEST_LOCK) --output-file $(LOCK)

# Install, migrate, load the demo data and serve the portal at http://127.0.0.1:8000 (SQLite, eager tasks).
demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Install and run the whole suite: known vulnerabilities in the pinned dependencies, lint, migrations in step
# with the models, then pytest.
test: install
	$(BIN)/python ops/audit-dependencies $(TEST_LOCK)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The screenshot gallery: every page as a role that may open it, in Dutch and English, at 390 and 1280 px, on the
# demo data, in screenshots/ (not in git) with an index.html to page through. Needs Debian's chromium.
screenshots: install
	nice $(BIN)/python ops/screenshots

# Regenerate the message catalogues after changing UI strings; the .mo files are committed.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l nl --no-obsolete --add-location file -i ".venv/*" -i "bench/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages -i ".venv"

# Refresh the vendored NL Design System CSS from the version pinned in package-lock.json: only the rules the
# templates, the Python code and the scripts use (ops/vendor-css.mjs). Run it again after using a new Utrecht
# class or a new custom property; the output is committed.
vendor:
	npm ci --ignore-scripts
	node ops/vendor-css.mjs
	cp node_modules/@utrecht/component-library-css/LICENSE.md static/vendor/utrecht-component-library-css/LICENSE.md

# Benchmarks (issue 10): data at scale 1 and 4, page latency under load (gunicorn + wrk), query counts and the
# organisation import, on PostgreSQL at DATABASE_URL (default: the local `bench` database, created if missing).
# Figures in bench/latest.json; see README, "Performance".
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py
