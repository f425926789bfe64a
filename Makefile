# Course build and test entry points. Each target creates .venv first when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MATHJAX_VERSION := 3.2.2
MATHJAX := vendor/mathjax/tex-chtml.js
JB_FLAGS := --all -W -n --keep-going

# One BLAS thread: the course's matrices are small, and on 2 shared cores OpenBLAS threads made
# notebook kernels over ten times slower. Kernels started by nbval inherit this.
export OPENBLAS_NUM_THREADS := 1

.PHONY: book test test-lib execute bench student clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# PyTorch is the independent reference for the MLP's gradients and its benchmark peer.
TORCH_STAMP := $(VENV)/.installed-torch
$(TORCH_STAMP): $(STAMP) requirements-torch.txt
	$(PY) -m pip install --quiet -r requirements-torch.txt
	touch $(TORCH_STAMP)

# MathJax 3 is served from the built book, so equations render with no network.
$(MATHJAX):
	bash tools/fetch_mathjax.sh $(MATHJAX_VERSION) vendor/mathjax

book: $(STAMP) $(MATHJAX)
	$(VENV)/bin/jupyter-book build . $(JB_FLAGS)
	@echo "Open $(CURDIR)/_build/html/index.html"

# Four stages, each with its own pytest summary line: library (unit, property and doctests),
# notebooks (nbval re-runs each one and compares its outputs), the strict build, then the
# browser tests, which read the pages that the build wrote.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test: $(STAMP) $(TORCH_STAMP) $(MATHJAX)
	$(PY) -m pytest -q -m "not build and not browser"
	$(PY) -m pytest -q $(NBVAL) book
	$(PY) -m pytest -q -m build tests/test_build.py
	$(PY) -m pytest -q -m browser tests/test_browser.py

test-lib: $(STAMP)
	$(PY) -m pytest -q course_lib tests -m "not build and not browser"

execute: $(STAMP)
	$(PY) tools/execute_notebooks.py

bench: $(STAMP) $(TORCH_STAMP)
	$(PY) -m benchmarks

student: $(STAMP)
	$(PY) tools/make_student.py _build/student

clean:
	rm -rf _build
