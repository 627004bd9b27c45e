# The two commands everybody uses: `make run` and `make test`.
# Both work on a fresh machine with only python3: they create the virtualenv,
# install the Python and (where missing) the Debian packages they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast install system-packages lint bench clean

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: install
	$(BIN)/lint-imports --no-cache
	@rc=0; $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; fi; exit $$rc

# The quick loop: leaves out the tests that drive a browser, start workers
# or servers, or cut services (make test and CI run them all).
test-fast: install
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

install: system-packages $(VENV)/.installed node_modules/.installed locale/vi/LC_MESSAGES/django.mo

system-packages:
	@bash scripts/system-packages.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Browser assets from npm (Tom Select for the pickers; axe-core for the
# accessibility walk), served from the app's own static files: no CDN.
node_modules/.installed: package.json
	npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

locale/vi/LC_MESSAGES/django.mo: locale/vi/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python manage.py compilemessages -l vi --ignore=$(VENV) -v0

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) node_modules staticfiles var/db.sqlite3 var/test.sqlite3 var/broker var/media
