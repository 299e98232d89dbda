#!/usr/bin/env bash
# labelled.sh NAME COMMAND...: becomes COMMAND (same pid, so supervisord watches the real process), with every
# line it prints prefixed by [NAME]. The sed ends by itself when COMMAND's output closes.
name=$1
shift
exec > >(exec sed -u "s/^/[$name] /") 2>&1
exec "$@"
