#!/usr/bin/env bash
# The Apicurio Registry 3.x server for the local run, on 127.0.0.1; the build unpacks it from Maven Central under
# .runtime/. It needs Java 21+ (NETBOX_SWARM_REGISTRY_JAVA, default the Temurin 25 JDK). Its schemas are kept in an H2 file
# under DATA_DIR/registry, each written before the registry answers (H2's WRITE_DELAY=0), so a stop and a start (or a
# crash) keep every schema id the records on Kafka refer to.
#
#   scripts/registry.sh start DATA_DIR [PORT]   start it (default port 8085, management 8086) with BACKWARD as the global rule
#   scripts/registry.sh stop DATA_DIR
set -euo pipefail
CALLER_DIR=$(pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# DATA_DIR is taken relative to where the script was called from, not to the repository root it runs in.
absolute() {
  case "$1" in /*) echo "$1" ;; *) echo "$CALLER_DIR/$1" ;; esac
}

VERSION=$(sed -n 's:.*<apicurio-registry-app.version>\(.*\)</apicurio-registry-app.version>.*:\1:p' pom.xml)
SERVER="$ROOT/.runtime/apicurio-registry-$VERSION"
JAVA=${NETBOX_SWARM_REGISTRY_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

start() {
  local data=${1:?usage: registry.sh start DATA_DIR [PORT]} port=${2:-8085}
  local dir
  dir=$(absolute "$data")/registry
  mkdir -p "$dir"
  [ -x "$JAVA" ] || { echo "[registry] needs Java 21+ at $JAVA (set NETBOX_SWARM_REGISTRY_JAVA)" >&2; exit 1; }
  [ -f "$SERVER/quarkus-run.jar" ] || ./mvnw -B -q -pl testkit generate-resources >&2
  if [ -f "$dir/registry.pid" ] && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
    echo "[registry] already running (pid $(cat "$dir/registry.pid"))" >&2
    return
  fi
  # The management interface (health, metrics) is fixed on at build time; keep it on loopback, next port up.
  cd "$SERVER"
  nohup "$JAVA" -Xmx384m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$((port + 1)) \
    -Dapicurio.storage.kind=sql -Dapicurio.datasource.url="jdbc:h2:file:$dir/schemas;WRITE_DELAY=0" \
    -jar quarkus-run.jar >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  cd "$ROOT"
  local url="http://127.0.0.1:$port/apis/registry/v3"
  for _ in $(seq 1 180); do
    if curl -sf "$url/system/info" >/dev/null; then
      # Set on every start (409 once it is kept): a registry without it would accept any change.
      local status
      status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        "$url/admin/rules" -d '{"ruleType":"COMPATIBILITY","config":"BACKWARD"}')
      if [ "$status" != 204 ] && [ "$status" != 200 ] && [ "$status" != 409 ]; then
        echo "[registry] could not set the global BACKWARD rule; see $dir/registry.log" >&2
        stop "$data"
        exit 1
      fi
      echo "[registry] up at $url (log $dir/registry.log)" >&2
      return
    fi
    kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null || { tail -20 "$dir/registry.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "[registry] did not answer within 90 s; see $dir/registry.log" >&2
  exit 1
}

stop() {
  local data=${1:?usage: registry.sh stop DATA_DIR}
  local pidfile
  pidfile=$(absolute "$data")/registry/registry.pid
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "[registry] stopped" >&2
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start DATA_DIR [PORT] | stop DATA_DIR" >&2; exit 2 ;;
esac
