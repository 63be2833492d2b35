# Two commands: `make demo` runs the main job, `make test` runs every test.
# Both bootstrap a .venv from a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || (apt-get update && apt-get install -y python3.11-venv && $(PYTHON) -m venv $(VENV))

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/outsource plan src/outsource/examples/scenario_bank.yaml --draws 10000 --seed 1
	$(BIN)/outsource advise src/outsource/examples/scenario_bank.yaml --draws 2000 --seed 1
	$(BIN)/outsource staff --workload src/outsource/examples/workload_week.csv \
	    --sl 0.8 --answer-within-s 20 --patience-s 180 --shrinkage 0.3

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/staffing.py
	$(BIN)/python benchmarks/simulation.py
	$(BIN)/python benchmarks/costs.py

clean:
	rm -rf $(VENV) .pytest_cache
