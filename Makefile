# Course build and test entry points. Each target creates .venv first when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MATHJAX_VERSION := 3.2.2
MATHJAX := vendor/mathjax/tex-chtml.js
JB_FLAGS := -W -n --keep-going

.PHONY: book test test-lib test-notebooks test-build test-browser execute bench student clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# MathJax 3 is served from the built book, so equations render with no network.
$(MATHJAX):
	bash tools/fetch_mathjax.sh $(MATHJAX_VERSION) vendor/mathjax

book: $(STAMP) $(MATHJAX)
	$(VENV)/bin/jupyter-book build . $(JB_FLAGS)
	@echo "Open $(CURDIR)/_build/html/index.html"

# The strict build runs first because the browser tests read its pages.
test: $(STAMP) $(MATHJAX)
	$(PY) -m pytest tests/test_build.py -m build -q
	$(PY) -m pytest -q -m "not build"

test-lib: $(STAMP)
	$(PY) -m pytest -q course_lib tests -m "not build and not browser" --ignore=tests/test_notebooks.py

execute: $(STAMP)
	$(PY) tools/execute_notebooks.py

bench: $(STAMP)
	$(PY) -m benchmarks

student: $(STAMP)
	$(PY) tools/make_student.py _build/student

clean:
	rm -rf _build
