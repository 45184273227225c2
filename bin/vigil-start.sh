#!/usr/bin/env bash
# Starts Vigil in the foreground:
#   bin/vigil-start.sh [config-file]          default config/vigil.json: a 3-broker sandbox Kafka cluster
#                                             in the same process
#   bin/vigil-start.sh --check-config FILE    validates FILE and exits (0 valid, 2 not), starts nothing
# Runs from the distribution (lib/ next to bin/) or from a source checkout, which it builds first if no
# build is present. Stop with Ctrl-C, SIGTERM, or bin/vigil-stop.sh from another shell.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"

if [ -d "$home/lib" ]; then
  classpath="$home/lib/*"
else
  if [ ! -f "$home/app/target/vigil-app.jar" ] || [ ! -d "$home/app/target/lib" ]; then
    echo "vigil: no build found, building (mvn -B -q -DskipTests package) ..." >&2
    # Maven 3.8 (Debian 12's) writes ANSI resets ("ESC[0m") to both streams even with -B and no terminal.
    (cd "$home" && mvn -B -q -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2)
  fi
  classpath="$home/app/target/vigil-app.jar:$home/app/target/lib/*"
fi

if [ $# -eq 0 ]; then
  set -- "$home/config/vigil.json"
fi
if [ "$1" != "--check-config" ]; then
  mkdir -p "$home/run"
  echo $$ > "$home/run/vigil.pid"
fi
log4j="$home/config/log4j2.xml"
# An OutOfMemoryError ends the JVM at once (an orchestrator restarts it) instead of leaving a process whose
# probe or timer thread died while the rest, /health included, runs on. First, so VIGIL_JAVA_OPTS replaces
# the heap size but keeps this.
exec java -XX:+ExitOnOutOfMemoryError ${VIGIL_JAVA_OPTS:--Xmx512m} \
  -Dlog4j2.configurationFile="$log4j" \
  -Djava.io.tmpdir="${VIGIL_TMPDIR:-${TMPDIR:-/tmp}}" \
  -cp "$classpath" \
  dev.vigil.app.Vigil "$@"
