# The applicant assistant. `make run` and `make test` are all a new user needs; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)


.PHONY: run-scaled
.PHONY: help setup run test lint typecheck unit e2e e2e-report validate train shell chat insights insights-heldout nlu-report lang-report screenshots audit bench soak clean

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Create .venv with Python 3.10 and install pinned dependencies (no-op when unchanged)
	@bash scripts/setup.sh

run: setup train ## Set up, train if the training data changed, start the action server (:5055) and Rasa (:5005)
	@bash scripts/run.sh

run-scaled: setup train ## N Rasa replicas + action server on PostgreSQL/Redis behind nginx on :8080 (REPLICAS=2)
	@REPLICAS=$(or $(REPLICAS),2) bash scripts/run_scaled.sh

train: setup ## Train the Rasa model, only if training data, domain, config or NLU code changed
	@bash scripts/train_if_needed.sh

shell: setup train ## Chat in the terminal with a bot of its own (127.0.0.1:5015, guarded channel, own conversation file)
	@bash scripts/shell.sh

chat: setup ## Talk to a running bot (`make run` in another terminal) over REST
	@$(BIN)/assistant chat

e2e-report: setup train ## The held-out messages and conversations (tests/heldout) through the real bot: ratios
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/e2e_report.py $(if $(FAILURES),--failures,)

insights: setup ## Staff report from the conversation store: asked, unanswered, what to fix (SINCE=30 HTML=f.html)
	@$(BIN)/assistant insights $(if $(SINCE),--since $(SINCE),) $(if $(HTML),--html $(HTML) --text,)

insights-heldout: setup train ## Held-out conversations into a fresh store, then its report: docs/insights-heldout.txt + PNGs
	@mkdir -p var && rm -f var/heldout.sqlite var/heldout.sqlite-wal var/heldout.sqlite-shm
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/e2e_report.py --store var/heldout.sqlite >/dev/null
	@ASSISTANT_TRACKER_DB=var/heldout.sqlite $(BIN)/assistant insights --lang en > docs/insights-heldout.txt
	@$(BIN)/python scripts/insights_screenshots.py --store var/heldout.sqlite

nlu-report: setup ## Our NLU pipeline vs the stock `rasa init` pipeline: fixed split and the held-out set, per language
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/nlu_report.py 2>/dev/null

lang-report: setup ## Language detection on held-out short messages: ours vs lingua and langdetect
	@$(BIN)/python -m pip install --quiet "lingua-language-detector==2.1.1" "langdetect==1.0.9"
	@$(BIN)/python scripts/lang_report.py 2>/dev/null

test: setup ## Set up, then every check and test: lint, types, catalogue, unit, stories, end-to-end
	@bash scripts/test.sh

unit: setup ## Only the fast tests (no model, no servers)
	@$(BIN)/pytest -q --ignore=tests/e2e --ignore=tests/scaled

e2e: setup train ## Only the end-to-end tests against a running bot
	@$(BIN)/pytest -q tests/e2e

lint: setup ## ruff over the whole project
	@$(BIN)/ruff check .

typecheck: setup ## mypy --strict over assistant/
	@$(BIN)/mypy

validate: setup ## Check every programme file against its source document
	@$(BIN)/assistant validate

bench: setup train ## Load benchmark (locust): embedded, 1 replica, 2 replicas + nginx, stock bot; 1/8/32 users
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/bench.py

soak: setup train ## 20 min of conversations with a fault every 2 min, embedded and 2 replicas (SOAK_MINUTES=20)
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/soak.py

audit: setup ## pip-audit over the pinned dependencies (needs network; not part of make test)
	@$(BIN)/python -m pip install --quiet "pip-audit==2.10.1"
	@$(BIN)/pip-audit --requirement requirements.lock --disable-pip --no-deps --progress-spinner off

screenshots: setup ## Refresh docs/screenshots/ (widget closed, open with a conversation, 320 px wide)
	@TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python scripts/screenshots.py

clean: ## Remove the virtualenv, trained models and caches
	rm -rf $(VENV) models .rasa results .mypy_cache .ruff_cache .pytest_cache
