# The two commands of README: `make report` and `make test`. Both create .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STUDY  ?=
CORPUS ?=
FRAMES ?=
OUT    ?= reports
FORCE  ?=

.PHONY: report test venv lab notebooks clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,context]'
	touch $(STAMP)

# Ingest the corpus, compute every measure once, render every notebook to $(OUT)/*.html + $(OUT)/index.html.
#   make report                          the bundled study (the five real articles in data/raw)
#   make report CORPUS=data/demo         another folder of articles, same lexicons
#   make report STUDY=my_study.toml      your own study file (corpus, lexicons, axis, grouping)
#   make report STUDY=demo OUT=reports/demo   a bundled study by name (the synthetic demo)
#   make report FRAMES=my_frames.toml OUT=reports/mine
# Reports whose inputs have not changed are kept as they are; FORCE=1 renders them all.
report: $(STAMP)
	$(BIN)/python -m analysis run $(CORPUS) $(if $(STUDY),--study $(STUDY)) $(foreach f,$(FRAMES),--frames $(f)) --reports $(OUT) $(if $(FORCE),--force)

# Unit tests (the Dask engine's on a small LocalCluster), then every notebook re-executed by nbval on the real corpus (key cells compared, the rest run).
test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

# JupyterLab on the notebooks folder (as root too, the usual case in containers: Jupyter refuses root without --allow-root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks

clean:
	rm -rf data/processed/* reports/* figures/*.png figures/*.svg
	git checkout -- data/processed/.gitkeep reports/.gitkeep figures/.gitkeep 2>/dev/null || true

# Re-execute the notebooks in place with their default parameters, to commit them with clean outputs.
notebooks: $(STAMP)
	$(BIN)/python -c 'import logging; logging.basicConfig(level=logging.INFO); from analysis.reporting.render import refresh; refresh()'
