# The two commands of README: `make report` and `make test`. Both create .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?=
OUT    ?= reports

.PHONY: report test venv notebooks clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Ingest the corpus, run the analysis and render every notebook to reports/*.html + reports/index.html.
report: $(STAMP)
	$(BIN)/python -m analysis run $(if $(CORPUS),$(CORPUS),) --reports $(OUT)

# Unit tests, then every notebook re-executed by nbval (key cells compared, the rest run lax).
test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

clean:
	rm -rf data/processed/* reports/*.html figures/*.png figures/*.svg

# Re-execute the notebooks in place with their default parameters, to commit them with clean outputs.
notebooks: $(STAMP)
	$(BIN)/python -c 'import logging; logging.basicConfig(level=logging.INFO); from analysis.report import refresh; refresh()'
