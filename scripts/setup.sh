#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies; does nothing when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
STAMP=$VENV/.installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)

browser_tools() {  # Debian's Chromium and axe-core from npm, for the browser tests; quick when present
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "setup: installing Debian's chromium for the browser tests"
      apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null; } \
        || echo "setup: could not install chromium; browser tests will skip (fail under CI=true)" >&2
    else
      echo "setup: /usr/bin/chromium missing; install Debian's chromium package for the browser tests" >&2
    fi
  fi
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "setup: installing Debian's nginx for the scaled-out deployment"
      apt-get install -y -q nginx-light >/dev/null 2>&1 || apt-get install -y -q nginx >/dev/null 2>&1 \
        || echo "setup: could not install nginx; make run-scaled and its test need it" >&2
    fi
  fi
  local kv=.venv/share/kubernetes_validate-1.37.0-py3-none-any.whl  # Kubernetes JSON schemas for the deploy tests
  if [ ! -f "$kv" ]; then
    mkdir -p .venv/share
    "$VENV/bin/python" -m pip download --quiet --no-deps --dest .venv/share "kubernetes-validate==1.37.0" >/dev/null 2>&1 \
      || echo "setup: could not download kubernetes-validate (schemas for the deploy tests)" >&2
  fi
  local lock=tests/browser/package-lock.json stamp=tests/browser/node_modules/.installed
  if [ -f "$lock" ] && command -v npm >/dev/null && [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum "$lock" | cut -d' ' -f1)" ]; then
    echo "setup: installing axe-core (npm ci, pinned in $lock)"
    (cd tests/browser && npm ci --no-audit --no-fund --silent) && sha256sum "$lock" | cut -d' ' -f1 > "$stamp"
  fi
}

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  browser_tools
  exit 0
fi
py=$(bash scripts/find-python310.sh)
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  echo "setup: creating $VENV with $py"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
fi
echo "setup: installing pinned dependencies (requirements.lock)"
export PIP_DISABLE_PIP_VERSION_CHECK=1
pip_quiet() {  # show pip's output only when it fails
  local log; log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install --quiet "$@" >"$log" 2>&1; then
    grep -v "is ignored: it is neither" "$log" >&2; rm -f "$log"; echo "setup: pip install $* failed" >&2; exit 1
  fi
  rm -f "$log"
}
pip_quiet --upgrade "pip==24.3.1" "setuptools==70.3.0" "wheel==0.45.1"
pip_quiet -r requirements.lock
pip_quiet --no-deps --no-build-isolation -e .
"$VENV/bin/python" -m pip check >/dev/null || { "$VENV/bin/python" -m pip check; exit 1; }
echo "$want" > "$STAMP"
browser_tools
echo "setup: done"
