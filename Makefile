# Two entry points: `make review` (the main job) and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: review test clean

$(BIN)/mtreview: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The COMET tests need the comet extra, the PNG trend test the plot extra (matplotlib) and the PostgreSQL
# history tests the postgres extra (psycopg), so `make test` adds them; `make review` stays core-only and quick.
# torch is pinned in both steps: on a CPU machine 2.13.0 is the CPU build, any other request may pull
# a multi-GB CUDA one.
$(VENV)/.comet-installed: $(BIN)/mtreview pyproject.toml
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test,comet,plot,postgres]' torch==2.13.0
	touch $@

review: $(BIN)/mtreview
	$(BIN)/mtreview review corpora/xinhua-belarus

# MTREVIEW_REQUIRE_COMET: the COMET tests fail instead of skipping if the extra is missing.
test: $(VENV)/.comet-installed
	MTREVIEW_REQUIRE_COMET=1 $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
