#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed (training data, domain, config, our NLU components).
# A change to anything else (actions, catalogue, texts, tests) never retrains.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=models/assistant.tar.gz
STAMP=models/.fingerprint
code_hash() { cat assistant/nlu/*.py assistant/language.py assistant/facts.py assistant/naming.py | sha256sum | cut -d' ' -f1; }
data_hash() {
  { find data/nlu data/rules data/stories -type f -name '*.yml' 2>/dev/null | sort | xargs cat; cat config.yml domain.yml requirements.lock; } \
    | sha256sum | cut -d' ' -f1
}
want="$(data_hash) $(code_hash)"
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi
force=""
if [ -f "$STAMP" ] && [ "$(cut -d' ' -f2 "$STAMP")" != "$(code_hash)" ]; then
  force="--force"  # Rasa fingerprints a component's class, not the helper modules it imports
fi
echo "train: training data or NLU code changed, training the model (a few minutes on 2 cores)..."
mkdir -p models
start=$(date +%s)
log=$(mktemp)
if ! RASA_TELEMETRY_ENABLED=false ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:5055/webhook}" \
    ASSISTANT_TRACKER_DB="${ASSISTANT_TRACKER_DB:-/tmp/assistant-train.sqlite}" \
    .venv/bin/rasa train --out models --fixed-model-name assistant $force >"$log" 2>&1; then
  tail -40 "$log" >&2; echo "train: rasa train failed (full log: $log)" >&2; exit 1
fi
rm -f "$log"
echo "$want" > "$STAMP"
echo "train: done in $(( $(date +%s) - start )) s, $(du -h "$MODEL" | cut -f1) model"
