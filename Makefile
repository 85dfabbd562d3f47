# Everything runs from a project virtualenv (.venv) on Python 3.10, created on first use.
#   make run    set up what is missing, train when data or config changed, start the assistant
#   make test   set up what is missing and run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV      := .venv
PY        := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
BOT       := $(PY) -m bot
RASA      := $(BOT) rasa
PIP_VERSION := 24.0

NLP_DIR   := build/spacy_nl
NLP_BUILT := $(NLP_DIR)/build_info.json
NLP_INPUTS := bot/nlp/build.py opvang_directory/places.py $(wildcard opvang_directory/data/*)
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard bot/nlp/*.py bot/nlp/components/*.py) $(NLP_BUILT)
TRAINED   := models/.trained

export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# Third-party deprecation warnings (pkg_resources, pyparsing, jax) drown the output that matters.
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help install env nlp train run test test-unit validate test-stories test-integration postgres nginx-redis chromium test-e2e eval bench spacy-model lock clean

help:
	@echo "make run          start the assistant (sets up everything on first use)"
	@echo "make test         run all tests (sets up everything on first use)"
	@echo "make train        train the model when data or config changed"
	@echo "make eval         measure the model on the held-out test data (writes docs/evaluation/)"
	@echo "make bench        round trips, throughput, cold start, training and memory against a plain Rasa"
	@echo "                 baseline, and directory search; writes docs/benchmarks.md (30-60 min; for a"
	@echo "                 short development run: .venv/bin/python -m benchmarks --quick)"
	@echo "make spacy-model  install nl_core_news_sm 3.4.0 (needs internet) and rebuild the pipeline"
	@echo "make lock         regenerate requirements.lock from requirements.in"
	@echo "make clean        remove build output and trained models (keeps .env and var/)"

# --- Set-up -------------------------------------------------------------------------------------
$(INSTALLED): requirements.lock
	@python310="$$(scripts/find-python310.sh)" || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		echo "Creating $(VENV) with $$python310"; rm -rf $(VENV); "$$python310" -m venv $(VENV) || exit 1; \
	fi; \
	echo "Installing the locked dependencies (the first time takes a few minutes) ..."; \
	$(PY) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION) && \
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock && \
	touch $@

install: $(INSTALLED)

# Creates missing secrets in .env and the var/ folder; cheap, so it always runs.
env: $(INSTALLED)
	@$(BOT) init

$(NLP_BUILT): $(NLP_INPUTS) | $(INSTALLED)
	@$(BOT) build-nlp

nlp: $(NLP_BUILT)

# Trains only when training data, config, domain, custom NLU code or the spaCy pipeline changed.
$(TRAINED): $(TRAIN_INPUTS) | env
	@echo "Training the model ..."
	@# The stamp is touched first, so an edit made while training runs makes the next `make` train again.
	@mkdir -p models && touch $@
	@rm -f models/*.tar.gz
	@$(RASA) train --force --out models --fixed-model-name loverboys-nl --quiet

train: $(TRAINED)

# --- Running ------------------------------------------------------------------------------------
run: env $(TRAINED)
	@$(BOT) run

# --- Tests --------------------------------------------------------------------------------------
test: test-unit validate test-stories test-integration test-e2e

test-unit: $(INSTALLED)
	$(PY) -m pytest tests/unit -q -rfEs

# Responses that only actions send are reported as "not used in any story or rule"; tests/unit/test_content.py
# checks those against the actions instead, so the lines are filtered here to keep real warnings visible.
validate: env
	@mkdir -p results; $(RASA) data validate --fail-on-warnings --quiet > results/validate.log 2>&1; status=$$?; \
	grep -v -e "is not used in any story or rule" -e 'Deprecat' -e 'declare_namespace' results/validate.log; \
	exit $$status

test-stories: $(TRAINED)
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results --quiet

# Debian's PostgreSQL server for the integration tests; installed when missing (needs root and apt-get).
# The tests start their own throwaway server (tests/postgres_server.py); nothing here starts a service.
postgres:
	@if [ -z "$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] && ! command -v initdb >/dev/null; then \
		bash scripts/apt-install.sh "the PostgreSQL tests" postgresql; \
	fi

# Debian's nginx and redis-server for the scale-out test (tests/integration/test_scaleout.py); installed when
# missing (needs root and apt-get). The test starts its own throwaway servers; nothing here starts a service.
nginx-redis:
	@missing=""; command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="nginx"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then bash scripts/apt-install.sh "the scale-out test" $$missing; fi

test-integration: $(INSTALLED) postgres nginx-redis
	$(PY) -m pytest tests/integration -q -rfEs

# Browser tests use Debian's chromium through Playwright (never a Playwright browser download).
chromium:
	@[ -x /usr/bin/chromium ] || bash scripts/apt-install.sh "the browser tests" chromium

test-e2e: env $(TRAINED) chromium postgres
	$(PY) -m pytest tests/components tests/e2e -q -rfEs

# --- Measuring ----------------------------------------------------------------------------------
eval: $(TRAINED)
	$(PY) -m bot.evaluation

# Benchmarks print figures; they assert nothing (shared machines are noisy). Trains the project and a
# baseline into temporary folders (models/ is only read) and writes docs/benchmarks.{md,png,json}.
bench: env $(TRAINED)
	$(PY) -m benchmarks

# --- Maintenance --------------------------------------------------------------------------------
spacy-model: $(INSTALLED)
	$(PY) -m spacy download nl_core_news_sm-3.4.0 --direct
	$(BOT) build-nlp --force

lock:
	@python310="$$(scripts/find-python310.sh)" || exit 1; tmp=$$(mktemp -d); \
	"$$python310" -m venv $$tmp && $$tmp/bin/pip install --quiet pip==$(PIP_VERSION) && \
	$$tmp/bin/pip install --quiet -r requirements.in && \
	{ echo "# Generated by 'make lock' from requirements.in on Python 3.10; do not edit by hand."; \
	  $$tmp/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock; \
	rm -rf $$tmp; echo "requirements.lock updated"

clean:
	rm -rf build models results .pytest_cache
