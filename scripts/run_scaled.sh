#!/usr/bin/env bash
# The scaled-out deployment on this machine: N Rasa replicas and the action server on PostgreSQL + Redis, behind
# nginx on one public port, all under supervisord (restarts with backoff, health checks). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
REPLICAS=${REPLICAS:-2}
PUBLIC_PORT=${ASSISTANT_PUBLIC_PORT:-8080}
HOST=${ASSISTANT_HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
FIRST_PORT=${ASSISTANT_REPLICA_FIRST_PORT:-5101}
RUN_DIR=${ASSISTANT_RUN_DIR:-$PWD/var/run/scaled-$PUBLIC_PORT}
export ASSISTANT_PG_HOST=${ASSISTANT_PG_HOST:-127.0.0.1} ASSISTANT_PG_PORT=${ASSISTANT_PG_PORT:-5432}
export ASSISTANT_PG_DB=${ASSISTANT_PG_DB:-assistant} ASSISTANT_PG_USER=${ASSISTANT_PG_USER:-postgres}
export ASSISTANT_PG_PASSWORD=${ASSISTANT_PG_PASSWORD:-}
export ASSISTANT_REDIS_HOST=${ASSISTANT_REDIS_HOST:-127.0.0.1} ASSISTANT_REDIS_PORT=${ASSISTANT_REDIS_PORT:-6379}
export ASSISTANT_REDIS_DB=${ASSISTANT_REDIS_DB:-1} ASSISTANT_REDIS_PASSWORD=${ASSISTANT_REDIS_PASSWORD:-}
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTION_PORT/webhook
export ASSISTANT_TRUSTED_PROXY=1 TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "run-scaled: nginx is missing (Debian package nginx; make setup installs it as root)" >&2; exit 1; }
.venv/bin/assistant validate >/dev/null || { .venv/bin/assistant validate; exit 1; }
ports=${ASSISTANT_REPLICA_PORTS:-}  # explicit ports (tests), else FIRST_PORT, +1, ...
[ -n "$ports" ] || ports=$(seq -s, "$FIRST_PORT" $((FIRST_PORT + REPLICAS - 1)))
.venv/bin/python scripts/supervisor_conf.py scaled --run-dir "$RUN_DIR" --host "$HOST" --public-port "$PUBLIC_PORT" \
  --action-port "$ACTION_PORT" --replica-ports "$ports" --nginx "$NGINX"
echo "Starting $REPLICAS replicas behind nginx on http://$HOST:$PUBLIC_PORT (PostgreSQL $ASSISTANT_PG_HOST:$ASSISTANT_PG_PORT/$ASSISTANT_PG_DB, Redis $ASSISTANT_REDIS_HOST:$ASSISTANT_REDIS_PORT/$ASSISTANT_REDIS_DB)"
echo "Widget demo: http://$HOST:$PUBLIC_PORT/webhooks/web/demo-da.html   REST: http://$HOST:$PUBLIC_PORT/webhooks/rest/webhook"
echo "Processes: .venv/bin/supervisorctl -c $RUN_DIR/supervisord.conf status"
exec .venv/bin/supervisord -c "$RUN_DIR/supervisord.conf"
