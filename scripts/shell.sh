#!/usr/bin/env bash
# `make shell`: a tester's chat in the terminal with a bot of its own: the action server and Rasa on 127.0.0.1
# (ports SHELL_PORT / SHELL_ACTION_PORT), through our guarded REST channel (redaction, limits, token) and with
# its own conversation file, then `assistant chat` (button titles with numbers, Ctrl-C or /quit ends it).
# Both servers are stopped, by their process ids, when the chat ends.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/shell
SHELL_PORT=${SHELL_PORT:-5015}
SHELL_ACTION_PORT=${SHELL_ACTION_PORT:-5065}
.venv/bin/python scripts/ports_free.py 127.0.0.1 "$SHELL_PORT:SHELL_PORT" "$SHELL_ACTION_PORT:SHELL_ACTION_PORT"
export ASSISTANT_TRACKER_DB=${SHELL_TRACKER_DB:-$PWD/var/shell/conversations.sqlite}
export ACTION_ENDPOINT_URL=http://127.0.0.1:$SHELL_ACTION_PORT/webhook
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore RASA_TELEMETRY_ENABLED=false
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --port "$SHELL_ACTION_PORT" --actions actions \
  >var/shell/actions.log 2>&1 &
actions=$!
.venv/bin/rasa run --model models/assistant.tar.gz --port "$SHELL_PORT" -i 127.0.0.1 --credentials credentials.yml \
  --endpoints endpoints.yml >var/shell/rasa.log 2>&1 &
rasa=$!
# Stop both servers: ask them (TERM), give them 10 s to finish, then make sure (KILL). A Rasa that got the
# terminal's Ctrl-C too can sit in its own shutdown under load; the shell must still end.
stop_servers() {
  kill $rasa $actions 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 $rasa 2>/dev/null || kill -0 $actions 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL $rasa $actions 2>/dev/null || true
}
trap stop_servers EXIT
trap 'exit 130' INT TERM
url=http://127.0.0.1:$SHELL_PORT/webhooks/rest/webhook
echo "Starting the assistant for this shell (logs in var/shell/)..."
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$SHELL_PORT/webhooks/rest/health" >/dev/null 2>&1 && break
  kill -0 $rasa 2>/dev/null || { echo "Rasa stopped; see var/shell/rasa.log" >&2; exit 1; }
  sleep 0.5
done
.venv/bin/assistant chat --url "$url" ${SHELL_LANG:+--lang "$SHELL_LANG"}
