# The applicant assistant. `make run` and `make test` are all a new user needs; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup run test lint typecheck unit validate clean

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Create .venv with Python 3.10 and install pinned dependencies (no-op when unchanged)
	@bash scripts/setup.sh

run: setup ## Set up and start the assistant
	@$(BIN)/assistant programmes

test: setup ## Set up, then run every check and test (lint, types, catalogue, unit, situations)
	@bash scripts/test.sh

lint: setup ## ruff over the whole project
	@$(BIN)/ruff check .

typecheck: setup ## mypy --strict over assistant/
	@$(BIN)/mypy

validate: setup ## Check every programme file against its source document
	@$(BIN)/assistant validate

clean: ## Remove the virtualenv, trained models and caches
	rm -rf $(VENV) models .rasa .mypy_cache .ruff_cache .pytest_cache
