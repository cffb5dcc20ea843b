# openSEDP — two commands on a fresh machine:
#   make demo   the app with demo data on SQLite at http://127.0.0.1:8000 (PORT=… to change)
#   make test   the whole test suite (DATABASE_URL=postgres://… to run it on PostgreSQL)
#   make serve  production: collect the static files, then gunicorn (`sedp serve`; README, "Production")
.POSIX:
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-reference lint format messages bench serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || "$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p var
	SEDP_DEMO=1 SEDP_DEBUG=1 $(BIN)/sedp migrate --verbosity 0
	SEDP_DEMO=1 SEDP_DEBUG=1 $(BIN)/sedp load-demo
	@echo "openSEDP: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	SEDP_DEMO=1 SEDP_DEBUG=1 $(BIN)/sedp runserver 127.0.0.1:$(PORT)

# Production: the settings come from the environment (DATABASE_URL, SEDP_SECRET_KEY, SEDP_ALLOWED_HOSTS, …),
# the server's from SEDP_BIND, SEDP_WORKERS, SEDP_THREADS (see `sedp serve --help`).
serve: $(STAMP)
	$(BIN)/sedp migrate --verbosity 0
	$(BIN)/sedp collectstatic --noinput --verbosity 0
	$(BIN)/sedp serve

test: $(STAMP)
	SEDP_TESTING=1 $(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

# The allocation engine against pabutools on the larger Pabulib instances (minutes per instance).
test-reference: $(STAMP)
	SEDP_TESTING=1 $(BIN)/python -m pytest -m slow -p no:cacheprovider src/sedp/core/tests/test_allocation_reference.py

lint: $(STAMP)
	$(BIN)/ruff check src bench tests
	$(BIN)/ruff format --check src bench tests

format: $(STAMP)
	$(BIN)/ruff format src bench tests
	$(BIN)/ruff check --fix src bench tests

# Bring the .po files up to date with the code (new strings come in empty), then compile them (needs GNU
# gettext). The Vietnamese translations live in src/sedp/locale/vi/LC_MESSAGES/django.po: edit it with any
# gettext editor (Poedit, Weblate, a text editor); the tests fail on an empty or fuzzy Vietnamese entry.
messages: $(STAMP)
	cd src/sedp && SEDP_DEBUG=1 ../../$(BIN)/sedp makemessages -l vi -l en --no-obsolete --no-location \
		--ignore 'core/*' --ignore 'tests/*' --ignore '*/tests/*'
	cd src/sedp && SEDP_DEBUG=1 ../../$(BIN)/sedp compilemessages

bench: $(STAMP)
	$(BIN)/python bench/allocation.py
	$(BIN)/python bench/commune.py
	$(BIN)/python bench/rollup.py

clean:
	rm -rf $(VENV) var .pytest_cache
