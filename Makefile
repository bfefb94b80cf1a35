# SonoPath: `make run` sets up and starts the assistant; `make test` sets up and runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
INSTALLED   := $(VENV)/.installed
SPACY_DIR   := build/spacy/sonopath_en
SPACY_BUILT := build/spacy/.built
MODEL       := models/sonopath.tar.gz
NODE_DONE   := node_modules/.installed
WEB_BUNDLE  := build/web/webchat.js
CHROMIUM    := /usr/bin/chromium
# Rasa training data, split by feature: rasa reads the whole folder, make watches every file in it.
TRAIN_DATA  := $(shell find data -type f)
KNOWLEDGE   := $(shell find knowledge -type f)
BLS_DIR     ?= ../shared/data/bls
IPEDS_DIR   ?= ../shared/data/ipeds
NLU_F1_FLOOR ?= 0.90

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
# config.yml names the project's own NLU component (components/), so Rasa must import from here.
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: help setup run shell test lint validate test-python test-unit test-integration test-stories test-nlu cross-validate paired-cv dev-nlu refresh-bls report \
	refresh-schools bench-schools bench-bank bench soak clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/make \1\t\2/' | expand -t 24

# --- set-up: each step runs only when its inputs changed -------------------------------------

$(INSTALLED): requirements.txt tools/requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --requirement requirements.txt --requirement tools/requirements.txt
	@touch $@

$(SPACY_BUILT): $(INSTALLED) tools/spacy_pipeline.py bot/knowledge.py $(wildcard bot/reading/*.py bot/schools/*.py) $(KNOWLEDGE)
	$(PY) -m tools.spacy_pipeline $(SPACY_DIR)
	@touch $@

# The answer bank's example questions are NLU examples too (tools/topic_examples.py).
TOPIC_EXAMPLES := data/topics/nlu_topic_questions.yml
$(TOPIC_EXAMPLES): $(INSTALLED) tools/topic_examples.py $(wildcard knowledge/topics/*.yml) $(filter-out $(TOPIC_EXAMPLES),$(TRAIN_DATA))
	$(PY) -m tools.topic_examples

# Off-topic requests from CLINC150 (tools/clinc_examples.py), derived from CLINC_DIR into build/.
CLINC_DIR   ?= ../shared/data/clinc150
CLINC_EXAMPLES := build/nlu/out_of_scope_clinc.yml
OFF_TOPIC_REQUESTS := build/nlu/off_topic_requests.txt
$(CLINC_EXAMPLES) $(OFF_TOPIC_REQUESTS) &: $(INSTALLED) tools/clinc_examples.py $(wildcard $(CLINC_DIR)/*_train.*)
	$(PY) -m tools.clinc_examples --clinc-dir $(CLINC_DIR) --out $(CLINC_EXAMPLES) --requests-out $(OFF_TOPIC_REQUESTS)

$(MODEL): $(SPACY_BUILT) config.yml domain.yml $(TOPIC_EXAMPLES) $(CLINC_EXAMPLES) $(OFF_TOPIC_REQUESTS) $(TRAIN_DATA) $(wildcard components/*.py)
	$(RASA) train --config config.yml --domain domain.yml --data data $(CLINC_EXAMPLES) \
		--out models --fixed-model-name sonopath --force

# The chat widget: rasa-webchat from the npm registry (package-lock.json), served by the project.
$(NODE_DONE): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@command -v npm >/dev/null 2>&1 || { echo "SonoPath's web page needs Node.js and npm: run 'sudo apt-get install nodejs npm'."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_BUNDLE): $(NODE_DONE) $(INSTALLED) tools/web_assets.py
	$(PY) -m tools.web_assets

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'."; exit 1; fi
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

setup: $(MODEL) $(WEB_BUNDLE) ## install dependencies, build the spaCy pipeline and the widget bundle, train the model

# --- use ----------------------------------------------------------------------------------------

run: setup ## set up, train if needed, start the assistant (Ctrl-C stops it)
	@scripts/run.sh

shell: setup ## talk to the assistant in this terminal
	@scripts/run.sh --shell

# What SonoPath could not answer (tools/report): fallbacks, off-topic refusals and low-confidence readings in the
# tracker store ENDPOINTS names (SONOPATH_ENDPOINTS, as for scripts/run.sh), read only, without sender ids; e.g.
# make report REPORT_ARGS="--days 30 --csv results/report.csv".
ENDPOINTS   ?= $(or $(SONOPATH_ENDPOINTS),endpoints.yml)
REPORT_ARGS ?=
report: $(INSTALLED) ## what SonoPath could not answer in the last 7 days (REPORT_ARGS: --days N, --since, --csv FILE)
	$(PY) -m tools.report --endpoints $(ENDPOINTS) $(REPORT_ARGS)

# --- checks -------------------------------------------------------------------------------------

lint: $(INSTALLED) ## ruff over the code
	$(VENV)/bin/ruff check bot actions channels rasa_patches components tools tests scripts bench

validate: $(INSTALLED) ## rasa data validate over the training data
	$(RASA) data validate --fail-on-warnings --config config.yml --domain domain.yml --data data

test-python: setup $(CHROMIUM) ## every pytest suite, unit and integration
	$(PY) -m pytest -q tests

# Fast checks of the code alone: no server, no browser, no database, no trained model.
test-unit: $(INSTALLED) $(WEB_BUNDLE) ## the fast unit tests: no server, browser, database or model (well under a minute)
	$(PY) -m pytest -q tests/unit

# The servers, PostgreSQL, Redis and Chromium, through scripts/run.sh.
test-integration: setup $(CHROMIUM) ## tests that start the servers, PostgreSQL, Redis or Chromium
	$(PY) -m pytest -q tests/integration

test-stories: setup ## the end-to-end test stories against the trained model
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out results/core

test-nlu: setup ## held-out NLU sets; fails below NLU_F1_FLOOR
	$(RASA) test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu
	$(PY) scripts/check_nlu_report.py results/nlu/intent_report.json --floor $(NLU_F1_FLOOR)

test: lint validate test-stories test-nlu test-python ## set up, train if needed, run every check (what CI runs)

# 5-fold cross-validation of the NLU on the training data: a report, not a gate (a few minutes;
# not part of `make test`, whose gate is the held-out files).
cross-validate: $(SPACY_BUILT) ## 5-fold cross-validation of the NLU (a report, not a gate)
	$(RASA) test nlu --config config.yml --nlu data --cross-validation --folds 5 --out results/cross-validation
	$(PY) scripts/check_nlu_report.py results/cross-validation/intent_report.json --floor 0 --label "5-fold cross-validation"

# The same 5 folds on every run (bench/paired_cv.py), for comparing two configurations or data
# changes: PAIRED_CONFIG=other.yml make paired-cv.
PAIRED_CONFIG ?= config.yml
paired-cv: $(SPACY_BUILT) ## 5-fold cross-validation on fixed folds, to compare configurations
	$(PY) bench/paired_cv.py --config $(PAIRED_CONFIG) --out results/paired-cv

# The blind development set (bench/nlu_dev.yml): trained on all the NLU data in data/, scored on questions
# written apart from it, to choose between configurations without looking at the held-out files. (A whole
# model is trained: `rasa train nlu` reads a single --nlu path, and the off-topic examples live in build/.)
dev-nlu: $(SPACY_BUILT) $(TOPIC_EXAMPLES) $(CLINC_EXAMPLES) ## score a configuration on the blind development set bench/nlu_dev.yml
	$(RASA) train --config $(PAIRED_CONFIG) --domain domain.yml --data data $(CLINC_EXAMPLES) --out results/dev-nlu \
		--fixed-model-name dev --force
	$(RASA) test nlu --model results/dev-nlu/dev.tar.gz --nlu bench/nlu_dev.yml --out results/dev-nlu
	$(PY) scripts/check_nlu_report.py results/dev-nlu/intent_report.json --floor 0 --label "development set"

# The school catalogue from NCES IPEDS downloads (HD{YEAR}.csv and C{YEAR}_A.csv) in IPEDS_DIR.
refresh-schools: $(INSTALLED) ## rebuild knowledge/schools/ from NCES IPEDS downloads in IPEDS_DIR
	$(PY) -m tools.schools_import --ipeds-dir $(IPEDS_DIR) --out-dir knowledge/schools

# Speed goals are checked here, never by timed unit tests.
bench-schools: $(INSTALLED) ## time school queries (p95 must stay under 5 ms)
	$(PY) bench/school_query.py

bench-bank: $(INSTALLED) ## time the answer bank: its build, and each message (p95 must stay under 10 ms)
	$(PY) bench/answer_bank_query.py

# SonoPath against stock Rasa (bench/compare.py): training, NLU, latency, throughput, memory, cold
# start. Stages whose inputs did not change reuse their stored results (bench/work/); BENCH_ARGS=--fresh
# measures everything again.
bench: setup ## SonoPath against stock Rasa 3.6 on this machine -> bench/results.md (long)
	$(PY) bench/compare.py $(BENCH_ARGS)

# A bounded run of mixed and hostile conversations against SonoPath as `make run` starts it (bench/soak.py):
# memory and latency per minute go to bench/soak-results.md; it fails on errors or memory that keeps growing.
SOAK_MINUTES ?= 10
soak: setup ## mixed and hostile conversations for SOAK_MINUTES (10) minutes -> bench/soak-results.md
	$(PY) bench/soak.py --minutes $(SOAK_MINUTES)

refresh-bls: $(INSTALLED) ## rebuild knowledge/bls_occupations.yml from BLS downloads in BLS_DIR
	$(PY) -m tools.bls_import --bls-dir $(BLS_DIR) --out knowledge/bls_occupations.yml

clean: ## remove what the build made (build, models, results, var)
	rm -rf build models results var
