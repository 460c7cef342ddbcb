# Two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.geo-installed

.PHONY: setup demo test browser benchmarks clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the browser tests and PDF reports (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium (apt-get install chromium) for browser tests"; fi; }

demo: setup
	$(VENV)/bin/geo map seeds/belgorod-2023-04-20.yaml -o out/belgorod.html --png out/belgorod.png
	$(VENV)/bin/geo report seeds/belgorod-2023-04-20.yaml -o out/belgorod-report.html

test: setup browser
	$(PY) -m pytest

benchmarks: setup
	$(PY) benchmarks/distance.py
	$(PY) benchmarks/render.py
	$(PY) benchmarks/staticmap.py
	$(PY) benchmarks/read_checks.py
	$(PY) benchmarks/distance_dask.py
	$(PY) benchmarks/reference.py
	$(PY) benchmarks/read_profiles.py
	$(PY) benchmarks/many_events.py
	$(PY) benchmarks/claims.py
	$(PY) benchmarks/extract.py

clean:
	rm -rf out build dist .pytest_cache
