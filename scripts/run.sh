#!/usr/bin/env bash
# `make run`: the action server and Rasa under supervisord (scripts/supervisor_conf.py says how: restarts with
# backoff, health checks); Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
export ASSISTANT_TRACKER_DB=${ASSISTANT_TRACKER_DB:-$PWD/var/conversations.sqlite}
RASA_PORT=${RASA_PORT:-5005}
HOST=${ASSISTANT_HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
RUN_DIR=${ASSISTANT_RUN_DIR:-$PWD/var/run/embedded-$RASA_PORT}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore RASA_TELEMETRY_ENABLED=false
.venv/bin/assistant validate >/dev/null || { .venv/bin/assistant validate; exit 1; }
.venv/bin/python scripts/ports_free.py "$HOST" "$RASA_PORT:RASA_PORT"
.venv/bin/python scripts/ports_free.py 127.0.0.1 "$ACTION_PORT:ACTION_PORT"
.venv/bin/python scripts/supervisor_conf.py embedded --run-dir "$RUN_DIR" --host "$HOST" --rasa-port "$RASA_PORT" \
  --action-port "$ACTION_PORT"
echo "Starting... the REST channel will answer at http://$HOST:$RASA_PORT/webhooks/rest/webhook"
echo "Talk to it from another terminal with:  .venv/bin/assistant chat   (or: make shell)"
echo "Health: http://$HOST:$RASA_PORT/webhooks/rest/health   Processes: .venv/bin/supervisorctl -c $RUN_DIR/supervisord.conf status"
exec .venv/bin/supervisord -c "$RUN_DIR/supervisord.conf"
