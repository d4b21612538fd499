# Two entry points: `make review` (the main job) and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: review test clean

$(BIN)/mtreview: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

review: $(BIN)/mtreview
	$(BIN)/mtreview review corpora/xinhua-belarus

test: $(BIN)/mtreview
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
