#!/usr/bin/env bash
# A real Kafka broker (KRaft, combined broker + controller) for the local run, from the Kafka jars on Maven
# Central; listens on 127.0.0.1 only.
#
#   scripts/kafka.sh start DATA_DIR [PORT]   format DATA_DIR once, start the broker (default port 9092)
#   scripts/kafka.sh stop DATA_DIR
set -euo pipefail
CALLER_DIR=$(pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# DATA_DIR is taken relative to where the script was called from, not to the repository root it runs in.
absolute() {
  case "$1" in /*) echo "$1" ;; *) echo "$CALLER_DIR/$1" ;; esac
}

classpath() {
  local cp="$ROOT/.runtime/kafka.classpath"
  if [ ! -s "$cp" ] || [ scripts/runtime/kafka/pom.xml -nt "$cp" ]; then
    mkdir -p "$ROOT/.runtime"
    ./mvnw -B -q -f scripts/runtime/kafka/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp" >&2
  fi
  cat "$cp"
}

start() {
  local data=${1:?usage: kafka.sh start DATA_DIR [PORT]} port=${2:-9092}
  local dir cp
  dir=$(absolute "$data")/kafka
  mkdir -p "$dir"
  cp=$(classpath)
  if [ -f "$dir/kafka.pid" ] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; then
    echo "[kafka] already running (pid $(cat "$dir/kafka.pid"))" >&2
    return
  fi
  local controller=$((port + 1))
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$dir/log4j2.properties" <<'PROPS'
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=OUT
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=WARN
logger.apache.name=org.apache.kafka
logger.apache.level=WARN
PROPS
  if [ ! -f "$dir/logs/meta.properties" ]; then
    java -cp "$cp" -Dlog4j2.configurationFile="$dir/log4j2.properties" kafka.tools.StorageTool format \
      --config "$dir/server.properties" --cluster-id "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      --standalone >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
  fi
  nohup java -Xmx512m -cp "$cp" -Dlog4j2.configurationFile="$dir/log4j2.properties" kafka.Kafka \
    "$dir/server.properties" >"$dir/kafka.log" 2>&1 </dev/null &
  echo $! >"$dir/kafka.pid"
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "[kafka] up on 127.0.0.1:$port (data $dir, log $dir/kafka.log)" >&2
      return
    fi
    kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null || { tail -20 "$dir/kafka.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "[kafka] did not listen on $port within 60 s; see $dir/kafka.log" >&2
  exit 1
}

stop() {
  local data=${1:?usage: kafka.sh stop DATA_DIR}
  local pidfile
  pidfile=$(absolute "$data")/kafka/kafka.pid
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "[kafka] stopped" >&2
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start DATA_DIR [PORT] | stop DATA_DIR" >&2; exit 2 ;;
esac
