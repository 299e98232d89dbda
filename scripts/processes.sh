# Sourced by the run scripts: remember what we start, stop exactly those on exit, start the action server.
pids=()
stop() { trap - INT TERM EXIT; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

# start_action_server PORT: the custom actions on 127.0.0.1:PORT, output prefixed with [actions].
start_action_server() {
  SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --port "$1" --actions actions \
    > >(sed -u 's/^/[actions] /') 2>&1 &
  pids+=($!)
}
