#!/usr/bin/env bash
# Every check of the project, in the order that fails fastest; used by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
start=$(date +%s)
step() { echo; echo "== $*"; }
step "ruff"; $BIN/ruff check .
step "mypy --strict (assistant/)"; $BIN/mypy
step "catalogue validation"; $BIN/assistant validate
step "pytest"; $BIN/pytest -q "$@"
echo; echo "make test: all green in $(( $(date +%s) - start )) s"
