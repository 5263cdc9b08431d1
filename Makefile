# wirecoder: two set-up commands, each idempotent and self-installing into .venv.
#   make demo   code the bundled examples (and the shared example article when present)
#   make test   run the test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo test install lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m wirecoder.demo

test: install
	$(PY) -m pytest -q

eval: install
	$(VENV)/bin/wirecoder eval tests/articles
	-$(VENV)/bin/wirecoder eval ../shared/eval/istanbul_talks_2025-05-15.gold.json
	-$(VENV)/bin/wirecoder eval ../shared/eval/plover_gsr/

bench: install
	$(PY) bench/bench_code.py

clean:
	rm -rf $(VENV) build out *.egg-info src/*.egg-info
