#!/usr/bin/env bash
# Print the path of a working Python 3.10 (Rasa 3.6 does not run on 3.11), or explain how to get one.
set -u
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10.*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10.*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10 python3.10; do
  candidates+=("$p")
done
for p in "${candidates[@]}"; do
  if out=$("$p" -c 'import sys; print(sys.version_info[:2] == (3, 10))' 2>/dev/null) && [ "$out" = "True" ]; then
    command -v "$p" 2>/dev/null || echo "$p"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 was not found (Rasa 3.6 needs exactly 3.10; 3.11 does not work).
Looked at: $PYTHON310, $(pyenv root)/versions/3.10.*, ~/.pyenv/versions/3.10.*, /usr/local/bin, /usr/bin, PATH.
Install it, e.g. `pyenv install 3.10.13`, or point PYTHON310 at a python3.10 binary, then run make again.
MSG
exit 1
