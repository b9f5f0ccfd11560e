# The two commands of README: `make report` and `make test`. Both create .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    ?= $(BIN)/python -m pip
STUDY  ?=
CORPUS ?=
FRAMES ?=
OUT    ?=
FORCE  ?=
REINSTALL ?=
# this checkout's code is what runs (notebook kernels included), whichever checkout the venv's package points at
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: report test venv lab notebooks clean

venv: $(STAMP)

# Where the venv's package is installed from: the checkout's folder for an editable install, "none" when it is not
# installed, "site-packages" for a plain install; then its version.
INSTALLED = $(BIN)/python -I -c 'import importlib.metadata as m, json, os; \
d = [x for x in m.distributions() if (x.metadata["Name"] or "").lower() == "newsframes-analysis"][:1]; \
u = json.loads(d[0].read_text("direct_url.json") or "{}").get("url", "") if d else ""; \
print(os.path.realpath(u[7:]) if u.startswith("file://") else ("site-packages" if d else "none"), d[0].version if d else "")'
VERSION = $(shell sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml)

# A venv several checkouts share (git worktrees linking one .venv) keeps the package installed from the checkout it
# came from: make installs only when the package is missing or installed from here, and says so otherwise, never
# repointing another checkout's install (REINSTALL=1 does, on purpose; VENV=... gives a checkout its own venv).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@set -e; here=$$(pwd -P); set -- $$($(INSTALLED)); from=$$1; version=$$2; \
	if [ "$$from" = none ] || [ "$$from" = site-packages ] || [ "$$from" = "$$here" ] || [ -n "$(REINSTALL)" ]; then \
	  echo "installing the package from $$here into $(VENV)"; \
	  $(PIP) install --quiet --upgrade pip; \
	  $(PIP) install --quiet -e '.[dev,dask,context]'; \
	elif [ "$$version" = "$(VERSION)" ]; then \
	  echo "$(VENV) has newsframes-analysis $$version installed from $$from, the version of this checkout: left as it" \
	       "is (this checkout's code runs through PYTHONPATH). To install from here: make venv REINSTALL=1."; \
	else \
	  echo "$(VENV) has newsframes-analysis $$version installed from $$from; this checkout ($$here) is $(VERSION)." \
	       "Not reinstalling from here, which would repoint that checkout's install: give this checkout a venv of its" \
	       "own (make ... VENV=.venv-here) or repoint it on purpose (make venv REINSTALL=1)." >&2; \
	  exit 1; \
	fi
	touch $(STAMP)

# Ingest the corpus, compute every measure once, render every notebook to OUT/*.html + OUT/index.html (OUT: by
# default reports/, or reports/NAME/ for CORPUS=.../NAME, another corpus than the study's; reports of another study
# or corpus already in OUT are replaced only with FORCE=1).
#   make report                          the bundled study (the five real articles in data/raw)
#   make report CORPUS=data/demo         another folder of articles, read with the generic study (reports/demo/)
#   make report STUDY=my_study.toml      your own study file (corpus, lexicons, axis, grouping)
#   make report STUDY=demo OUT=reports/demo   a bundled study by name (the synthetic demo)
#   make report FRAMES=my_frames.toml OUT=reports/mine
# Reports whose inputs have not changed are kept as they are; FORCE=1 renders them all (and replaces the reports
# of another study or corpus in OUT).
report: $(STAMP)
	$(BIN)/python -m analysis run $(CORPUS) $(if $(STUDY),--study $(STUDY)) $(foreach f,$(FRAMES),--frames $(f)) $(if $(OUT),--reports $(OUT)) $(if $(FORCE),--force)

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
