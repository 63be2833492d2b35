# Two commands: `make demo` runs the main job, `make test` runs every test.
# Both bootstrap a .venv from a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the test suite drives for real: a PostgreSQL server, Chromium for
# the browser tests, LibreOffice to recompute workbooks, poppler to read PDFs, Java
# for Spark, and the libraries and fonts WeasyPrint renders with.
SYSDEPS := postgresql chromium poppler-utils libreoffice-calc-nogui openjdk-17-jre-headless \
	fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 \
	libglib2.0-0

.PHONY: demo test lint bench sysdeps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3.11-venv && $(PYTHON) -m venv $(VENV))

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench,spark]"
	touch $(STAMP)

sysdeps:
	@missing=$$(for p in $(SYSDEPS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	    | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages:" $$missing; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
	    -y -qq --no-install-recommends $$missing >/dev/null; fi

demo: $(STAMP)
	$(BIN)/outsource demo --workspace demo-workspace --no-serve
	$(BIN)/outsource score --workspace demo-workspace
	$(BIN)/outsource brief --workspace demo-workspace --out demo-workspace/brief.html
	$(BIN)/outsource contract render andes-bogota --workspace demo-workspace \
	    --out demo-workspace/contract-andes-bogota.html
	$(BIN)/outsource exit-plan --workspace demo-workspace
	$(BIN)/outsource report plan demo-workspace/scenario/northwind.yaml \
	    --pdf demo-workspace/plan-report.pdf --xlsx demo-workspace/plan-report.xlsx
	$(BIN)/outsource report vendor --vendor andes-bogota --period 2026-10 \
	    --workspace demo-workspace --pdf demo-workspace/vendor-report-andes-bogota-2026-10.pdf \
	    --xlsx demo-workspace/vendor-report-andes-bogota-2026-10.xlsx
	$(BIN)/outsource plan src/outsource/examples/scenario_bank.yaml --draws 10000 --seed 1
	$(BIN)/outsource advise src/outsource/examples/scenario_bank.yaml --draws 2000 --seed 1
	$(BIN)/outsource staff --workload src/outsource/examples/workload_week.csv \
	    --service-level 0.8 --answer-within-s 20 --patience-s 180 --shrinkage 0.3
	$(BIN)/outsource demo --workspace demo-workspace --host 127.0.0.1 --port 8000

test: sysdeps $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/staffing.py
	$(BIN)/python benchmarks/simulation.py
	$(BIN)/python benchmarks/costs.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/web_pages.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/monitor.py --rows 10000000

clean:
	rm -rf $(VENV) .pytest_cache
