#!/usr/bin/env bash
# Start the action server and Rasa in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
export ASSISTANT_TRACKER_DB=${ASSISTANT_TRACKER_DB:-$PWD/var/conversations.sqlite}
RASA_PORT=${RASA_PORT:-5005}
HOST=${ASSISTANT_HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore RASA_TELEMETRY_ENABLED=false
.venv/bin/assistant validate >/dev/null || { .venv/bin/assistant validate; exit 1; }
. scripts/processes.sh
start_action_server "$ACTION_PORT"
.venv/bin/rasa run --model models/assistant.tar.gz -i "$HOST" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml > >(sed -u 's/^/[rasa] /') 2>&1 &
pids+=($!)
echo "Starting... the REST channel will answer at http://$HOST:$RASA_PORT/webhooks/rest/webhook"
echo "Talk to it from another terminal with:  .venv/bin/assistant chat   (or: make shell)"
wait -n "${pids[@]}"
