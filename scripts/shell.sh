#!/usr/bin/env bash
# `rasa shell` against the trained model, with its own action server that stops when the shell ends.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
export ASSISTANT_TRACKER_DB=${ASSISTANT_TRACKER_DB:-$PWD/var/conversations.sqlite}
ACTION_PORT=${ACTION_PORT:-5055}
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTION_PORT/webhook TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions >/tmp/assistant-actions.log 2>&1 &
apid=$!
trap 'kill $apid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$ACTION_PORT/health" >/dev/null && break; sleep 0.5; done
.venv/bin/rasa shell --model models/assistant.tar.gz --endpoints endpoints.yml
