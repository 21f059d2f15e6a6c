# Two commands on a fresh machine:  `make demo` runs the whole job, `make test` runs the tests.
# Each creates .venv and installs what it needs from the package registries.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[server,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/curate demo

# The whole suite on the embedded server's default (sqlite), then the Label Studio integration tests
# again on a throw-away PostgreSQL cluster (Debian's postgresql package), as production runs it.
PG_TESTS := tests/test_server.py tests/test_push.py tests/test_push_concurrency.py tests/test_pull.py tests/test_e2e.py

test: $(STAMP)
	$(BIN)/python -m pytest
	CURATE_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(PG_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check curate tests bench
	$(BIN)/mypy curate

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean-venv:
	rm -rf $(VENV)
