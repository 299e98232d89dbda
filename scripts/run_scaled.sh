#!/usr/bin/env bash
# The scaled-out deployment on this machine: N Rasa replicas and the action server on PostgreSQL + Redis,
# behind nginx on one public port. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
REPLICAS=${REPLICAS:-2}
PUBLIC_PORT=${ASSISTANT_PUBLIC_PORT:-8080}
HOST=${ASSISTANT_HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
FIRST_PORT=${ASSISTANT_REPLICA_FIRST_PORT:-5101}
export ASSISTANT_PG_HOST=${ASSISTANT_PG_HOST:-127.0.0.1} ASSISTANT_PG_PORT=${ASSISTANT_PG_PORT:-5432}
export ASSISTANT_PG_DB=${ASSISTANT_PG_DB:-assistant} ASSISTANT_PG_USER=${ASSISTANT_PG_USER:-postgres}
export ASSISTANT_PG_PASSWORD=${ASSISTANT_PG_PASSWORD:-}
export ASSISTANT_REDIS_HOST=${ASSISTANT_REDIS_HOST:-127.0.0.1} ASSISTANT_REDIS_PORT=${ASSISTANT_REDIS_PORT:-6379}
export ASSISTANT_REDIS_DB=${ASSISTANT_REDIS_DB:-1} ASSISTANT_REDIS_PASSWORD=${ASSISTANT_REDIS_PASSWORD:-}
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTION_PORT/webhook ACTION_SERVER_SANIC_WORKERS=${ACTION_WORKERS:-2}
export ASSISTANT_TRUSTED_PROXY=1 TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "run-scaled: nginx is missing (Debian package nginx; make setup installs it as root)" >&2; exit 1; }
.venv/bin/assistant validate >/dev/null || { .venv/bin/assistant validate; exit 1; }
PREFIX=$PWD/var/nginx
mkdir -p "$PREFIX"
. scripts/processes.sh
start_action_server "$ACTION_PORT"
servers=""
IFS=, read -r -a ports <<< "${ASSISTANT_REPLICA_PORTS:-}"  # explicit ports (tests), else FIRST_PORT, +1, ...
for i in $(seq 1 "$REPLICAS"); do
  port=${ports[$((i - 1))]:-$((FIRST_PORT + i - 1))}
  .venv/bin/rasa run --model models/assistant.tar.gz -i 127.0.0.1 --port "$port" --credentials credentials.yml \
    --endpoints deploy/endpoints.scaled.yml > >(sed -u "s/^/[rasa-$i] /") 2>&1 &
  pids+=($!)
  servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
python3 - "$PREFIX" "$HOST" "$PUBLIC_PORT" "$servers" <<'PY'
import sys
prefix, host, port, servers = sys.argv[1:]
text = open("deploy/nginx.conf.template").read()
text = text.replace("@PREFIX@", prefix).replace("@HOST@", host).replace("@PORT@", port).replace("@SERVERS@\n", servers)
open(f"{prefix}/nginx.conf", "w").write(text)
PY
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" > >(sed -u 's/^/[nginx] /') 2>&1 &
pids+=($!)
echo "Starting $REPLICAS replicas behind nginx on http://$HOST:$PUBLIC_PORT (PostgreSQL $ASSISTANT_PG_HOST:$ASSISTANT_PG_PORT/$ASSISTANT_PG_DB, Redis $ASSISTANT_REDIS_HOST:$ASSISTANT_REDIS_PORT/$ASSISTANT_REDIS_DB)"
echo "Widget demo: http://$HOST:$PUBLIC_PORT/webhooks/web/demo-da.html   REST: http://$HOST:$PUBLIC_PORT/webhooks/rest/webhook"
wait -n "${pids[@]}"
