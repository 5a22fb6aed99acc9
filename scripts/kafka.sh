#!/usr/bin/env bash
# A real Kafka broker (KRaft, combined broker + controller) for the local run, from the Kafka jars on Maven
# Central; listens on 127.0.0.1 only. Secured: TLS with client certificates on both listeners (the PKI under
# DATA_DIR/pki, made by scripts/pki.sh the first time), the principal is the certificate's CN, KRaft's
# StandardAuthorizer denies what no ACL allows; admin and broker are super users.
#
#   scripts/kafka.sh start DATA_DIR [PORT]   format DATA_DIR once, start the broker (default port 9092) and grant
#                                            the platform's ACLs (ingest, orchestrator, auditor)
#   scripts/kafka.sh acls DATA_DIR [PORT] ARGS...   run the ACL tool (io.netboxswarm.security.KafkaAcls) as admin,
#                                            e.g. "host 1 2 3"; needs the kafka-security jar (./mvnw package)
#   scripts/kafka.sh stop DATA_DIR
set -euo pipefail
CALLER_DIR=$(pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# DATA_DIR is taken relative to where the script was called from, not to the repository root it runs in.
absolute() {
  case "$1" in /*) echo "$1" ;; *) echo "$CALLER_DIR/$1" ;; esac
}

# The broker's class path, cached in .runtime/ (gitignored). Resolved offline first: a machine that has built once has
# the broker's jars in its local Maven repository; Maven Central only for what it lacks.
classpath() {
  local cp="$ROOT/.runtime/kafka.classpath"
  local goal=org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath
  if [ ! -s "$cp" ] || [ scripts/runtime/kafka/pom.xml -nt "$cp" ]; then
    mkdir -p "$ROOT/.runtime"
    ./mvnw -B -q -o -f scripts/runtime/kafka/pom.xml "$goal" -Dmdep.outputFile="$cp" >/dev/null 2>&1 || {
      echo "[kafka] resolving the broker's jars through Maven Central" >&2
      ./mvnw -B -q -f scripts/runtime/kafka/pom.xml "$goal" -Dmdep.outputFile="$cp" >&2
    }
  fi
  cat "$cp"
}

# DATA_DIR/pki/<principal>.properties: Kafka client settings of that principal (as Kafka's CLIs take them).
client_config() { # pki principal
  local pki=$1 p=$2 pw
  pw=$(cat "$pki/password")
  (umask 077; cat >"$pki/$p.properties" <<PROPS
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=$pki/$p.p12
ssl.keystore.password=$pw
ssl.key.password=$pw
ssl.truststore.type=PKCS12
ssl.truststore.location=$pki/truststore.p12
ssl.truststore.password=$pw
PROPS
  )
}

acls() {
  local data=${1:?usage: kafka.sh acls DATA_DIR [PORT] ARGS...} port=9092
  shift
  if [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "${1:-}" -gt 1024 ]; then port=$1; shift; fi
  local pki jar
  pki=$(absolute "$data")/pki
  scripts/pki.sh "$pki" admin
  client_config "$pki" admin
  jar=$(ls kafka-security/target/kafka-security-*.jar 2>/dev/null | head -n1 || true)
  [ -n "$jar" ] || { echo "[kafka] no kafka-security jar: ./mvnw -pl kafka-security package first" >&2; exit 1; }
  java -cp "$ROOT/$jar:$(classpath)" -Dlog4j2.configurationFile="$(absolute "$data")/kafka/log4j2.properties" \
    io.netboxswarm.security.KafkaAcls \
    --command-config "$pki/admin.properties" --bootstrap-server "127.0.0.1:$port" "$@"
}

start() {
  local data=${1:?usage: kafka.sh start DATA_DIR [PORT]} port=${2:-9092}
  local dir cp pki pw
  dir=$(absolute "$data")/kafka
  pki=$(absolute "$data")/pki
  mkdir -p "$dir"
  cp=$(classpath)
  scripts/pki.sh "$pki" admin broker
  client_config "$pki" admin
  pw=$(cat "$pki/password")
  if [ -f "$dir/kafka.pid" ] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; then
    echo "[kafka] already running (pid $(cat "$dir/kafka.pid"))" >&2
    return
  fi
  local controller=$((port + 1))
  (umask 077; cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=SSL://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=SSL://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=SSL
listener.security.protocol.map=SSL:SSL,CONTROLLER:SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=$pki/broker.p12
ssl.keystore.password=$pw
ssl.key.password=$pw
ssl.truststore.type=PKCS12
ssl.truststore.location=$pki/truststore.p12
ssl.truststore.password=$pw
ssl.client.auth=required
ssl.principal.mapping.rules=RULE:^CN=([^,]+).*\$/\$1/,DEFAULT
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:broker
log.dirs=$dir/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  )
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
      echo "[kafka] up on 127.0.0.1:$port (TLS, client certificates from $pki; data $dir, log $dir/kafka.log)" >&2
      if ls kafka-security/target/kafka-security-*.jar >/dev/null 2>&1; then
        acls "$data" "$port" platform >&2
      else
        echo "[kafka] no kafka-security jar yet: grant the platform's ACLs with: $0 acls $data $port platform" >&2
      fi
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
  acls) shift; acls "$@" ;;
  *) echo "usage: $0 start DATA_DIR [PORT] | acls DATA_DIR [PORT] ARGS... | stop DATA_DIR" >&2; exit 2 ;;
esac
