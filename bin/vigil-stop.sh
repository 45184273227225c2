#!/usr/bin/env bash
# Stops the Vigil started by bin/vigil-start.sh: SIGTERM, then waits up to 15 s for a clean exit.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
pidfile="$home/run/vigil.pid"
if [ ! -f "$pidfile" ]; then
  echo "vigil-stop: no $pidfile; is Vigil running?" >&2
  exit 1
fi
pid="$(cat "$pidfile")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "vigil-stop: process $pid is not running; removing stale $pidfile" >&2
  rm -f "$pidfile"
  exit 0
fi
kill -TERM "$pid"
for _ in $(seq 1 150); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    echo "vigil-stop: stopped $pid"
    exit 0
  fi
  sleep 0.1
done
echo "vigil-stop: $pid still running after 15 s" >&2
exit 1
