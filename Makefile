# asiento — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= auto

VENDOR := src/asiento/web/static/vendor

.PHONY: install assets fonts run migrate demo serve lint test test-partitioned bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Browser assets come from the npm registry (package.json / package-lock.json), never from git.
$(VENDOR)/htmx.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

assets: $(VENDOR)/htmx.min.js

# Chinese documents need a CJK font: Debian's Noto Sans CJK, installed from the package
# registry when fontconfig does not know it yet (never committed to git); HarfBuzz's
# subsetter lets WeasyPrint embed only the glyphs used (seconds -> a fraction of one).
fonts:
	@{ fc-list 2>/dev/null | grep -q "Noto Sans CJK" && ldconfig -p | grep -q libharfbuzz-subset; } || { \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk libharfbuzz-subset0 >/dev/null; }

install: $(STAMP) assets fonts

migrate: install
	$(BIN)/asiento db upgrade

demo: migrate
	$(BIN)/asiento demo load

run: demo
	$(BIN)/asiento serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/pytest tests/test_architecture.py

test: lint
	$(BIN)/pytest -n $(WORKERS) --dist loadfile
	$(MAKE) test-partitioned

# The CI stand-in for Citus (docs/design/company-keys.md): the PostgreSQL half of the API
# tests and of the services' set-based writers once more, on a schema whose company-scoped
# tables are hash-partitioned by company_id, so a key that could not be distributed fails
# here. PARTITIONED_TESTS="tests/services tests/api" runs the whole of both (23 min on two
# cores, which took CI to 79 of its 90 minutes).
PARTITIONS ?= 4
PARTITIONED_TESTS ?= tests/api tests/services/test_batch_posting.py \
  tests/services/test_auto_reconcile_bulk.py tests/services/test_statement_auto_bulk.py \
  tests/services/test_statement_import.py tests/services/test_reconciliation.py \
  tests/services/test_year_closing.py tests/services/test_invoice_create_and_post.py
test-partitioned: install
	ASIENTO_PARTITION_BY_COMPANY=$(PARTITIONS) $(BIN)/pytest $(PARTITIONED_TESTS) \
	  -k postgresql -n $(WORKERS) --dist loadfile

# schemathesis over every /api/v1 operation, SQLite and PostgreSQL, >= 50 examples each;
# writes its figures into the Fuzzing section of docs/testing.md
EXAMPLES ?= 50
fuzz: install
	$(BIN)/python tools/fuzz.py --examples $(EXAMPLES) --database both

bench: install
	@for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules $(VENDOR) asiento.db asiento.db-wal asiento.db-shm
