# Two entry points: `make review` (the main job) and `make test`. Both build .venv on first use.
# `make lint` (ruff, then mypy over the package) is what CI runs before the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: review test lint clean

$(BIN)/mtreview: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The COMET tests need the comet extra, the PNG trend test the plot extra (matplotlib), the Dask engine's
# tests the dask extra, the PostgreSQL history tests the postgres extra (psycopg) and the aligner's
# --embeddings tests the embeddings extra (transformers, torch: comet pulls them anyway), so `make test`
# adds them; `make review` stays core-only and quick.
# torch is pinned in both steps: on a CPU machine 2.13.0 is the CPU build, any other request may pull
# a multi-GB CUDA one.
$(VENV)/.comet-installed: $(BIN)/mtreview pyproject.toml
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test,comet,plot,dask,postgres,embeddings]' torch==2.13.0
	touch $@

# The linter, the type checker and the stubs they need, pinned in the lint extra. On top of the test
# extras: mypy reads the types of what the package imports (torch, matplotlib), so it checks the same
# code the tests run, and CI installs them for the tests anyway.
$(VENV)/.lint-installed: $(VENV)/.comet-installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	touch $@

lint: $(VENV)/.lint-installed
	$(BIN)/ruff check mtreview tests benchmarks
	$(BIN)/mypy

review: $(BIN)/mtreview
	$(BIN)/mtreview review corpora/xinhua-belarus

# MTREVIEW_REQUIRE_COMET / _DASK / _EMBEDDINGS: those tests fail instead of skipping if the extra is missing.
test: $(VENV)/.comet-installed
	MTREVIEW_REQUIRE_COMET=1 MTREVIEW_REQUIRE_DASK=1 MTREVIEW_REQUIRE_EMBEDDINGS=1 $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
