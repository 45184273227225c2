#!/usr/bin/env bash
# Starts Vigil in the foreground: bin/vigil-start.sh [config-file]   (default: config/vigil.json,
# a 3-broker sandbox Kafka cluster in the same process). Builds the project first if no build is
# present. Stop with Ctrl-C, SIGTERM, or bin/vigil-stop.sh from another shell.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
config="${1:-$home/config/vigil.json}"

if [ ! -f "$home/app/target/vigil-app.jar" ] || [ ! -d "$home/app/target/lib" ]; then
  echo "vigil: no build found, building (mvn -B -q -DskipTests package) ..." >&2
  (cd "$home" && mvn -B -q -DskipTests package)
fi

mkdir -p "$home/run"
echo $$ > "$home/run/vigil.pid"
log4j="$home/config/log4j2.xml"
exec java ${VIGIL_JAVA_OPTS:--Xmx512m} \
  -Dlog4j2.configurationFile="$log4j" \
  -Djava.io.tmpdir="${VIGIL_TMPDIR:-${TMPDIR:-/tmp}}" \
  -cp "$home/app/target/vigil-app.jar:$home/app/target/lib/*" \
  dev.vigil.app.Vigil "$config"
