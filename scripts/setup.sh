#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies; does nothing when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
STAMP=$VENV/.installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
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
echo "setup: done"
