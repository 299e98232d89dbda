#!/usr/bin/env bash
# Every check of the project, fastest first; used by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:5055/webhook}
if [ -z "${ASSISTANT_TRACKER_DB:-}" ]; then
  export ASSISTANT_TRACKER_DB=/tmp/assistant-test-$$.sqlite
  trap 'rm -f "$ASSISTANT_TRACKER_DB" "$ASSISTANT_TRACKER_DB-wal" "$ASSISTANT_TRACKER_DB-shm"' EXIT
fi
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start )) s)"; }
step "ruff"; $BIN/ruff check .
step "mypy --strict (assistant/)"; $BIN/mypy
step "catalogue: every fact against its source document"
if [ "${CI:-}" = "true" ]; then $BIN/assistant validate --require-seeds; else $BIN/assistant validate; fi
step "unit, situation and action tests"; $BIN/pytest -q --ignore=tests/e2e --ignore=tests/scaled "$@"
step "model (trains only when training data changed)"; bash scripts/train_if_needed.sh
step "rasa data validate"; $BIN/rasa data validate --fail-on-warnings >/tmp/rasa-validate.$$ 2>&1 \
  || { cat /tmp/rasa-validate.$$; exit 1; }
step "test stories (da, sv)"
$BIN/rasa test core --stories tests/stories --model models/assistant.tar.gz --fail-on-prediction-errors \
  --out results/stories >/tmp/rasa-stories.$$ 2>&1 || { tail -40 /tmp/rasa-stories.$$; cat results/stories/failed_test_stories.yml; exit 1; }
grep -E "Correct:" /tmp/rasa-stories.$$ | tail -1 | sed 's/.*Correct:/stories: correct/'
rm -f /tmp/rasa-validate.$$ /tmp/rasa-stories.$$
step "end-to-end: action server + Rasa on free ports, widget in Chromium"; $BIN/pytest -q tests/e2e
step "scaled out: replicas on PostgreSQL + Redis"; $BIN/pytest -q tests/scaled
echo; echo "make test: all green in $(( $(date +%s) - start )) s"
