# wirecoder: two set-up commands, each idempotent and self-installing into .venv.
#   make demo   code the bundled examples (and the shared example article when present), store
#               them in ./wirecoder.db and serve the web UI at http://127.0.0.1:8000
#               (SERVE=0 stops after storing)
#   make test   run the test suite (builds the web UI first: browser tests need it)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

WEB_STAMP := src/wirecoder/web/static/.built-$(shell cat web/package-lock.json web/scripts/*.mjs web/src/*.* web/src/*/*.* 2>/dev/null | sha1sum | cut -c1-12)
SERVE ?= 1

.PHONY: demo test install web lint bench eval model clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,ray]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# The web UI: npm packages from the registry at build time, bundled into the Python package.
$(WEB_STAMP):
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent
	rm -f src/wirecoder/web/static/.built-*
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

demo: install web
	$(PY) -m wirecoder.demo
	@if [ "$(SERVE)" = "1" ]; then echo "Serving the web UI: http://127.0.0.1:8000  (Ctrl-C stops)"; \
	  $(VENV)/bin/wirecoder serve --db wirecoder.db --port 8000; fi

test: install web
	$(PY) -m pytest -q

eval: install
	$(VENV)/bin/wirecoder eval tests/articles
	-$(VENV)/bin/wirecoder eval ../shared/eval/istanbul_talks_2025-05-15.gold.json
	-$(VENV)/bin/wirecoder eval ../shared/eval/plover_gsr/

# Retrain the packaged event classifier from our own sentences (deterministic).
model: install
	$(VENV)/bin/wirecoder train-events training/plover

bench: install
	$(PY) bench/bench_code.py

clean:
	rm -rf $(VENV) build out *.egg-info src/*.egg-info src/wirecoder/web/static web/node_modules
