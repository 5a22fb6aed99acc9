#!/usr/bin/env bash
# The local run: a Kafka broker, the schema registry, netbox-ingest, and a host agent for the engine at
# DOCKER_HOST (default: the local socket), all on 127.0.0.1, with their data under DATA_DIR (default ./data).
# Ctrl-C stops everything it started.
#
#   scripts/run-local.sh [DATA_DIR]
#   env: NBS_HOST_ID (NetBox id of this Docker host, default 1), NBS_HOST_ADDRESS (address it advertises),
#        DOCKER_HOST, INGEST_PORT (8081), KAFKA_PORT (9092), REGISTRY_PORT (8085, and 8086)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=$(mkdir -p "${1:-data}" && cd "${1:-data}" && pwd)
HOST_ID=${NBS_HOST_ID:-1}
INGEST_PORT=${INGEST_PORT:-8081}
KAFKA_PORT=${KAFKA_PORT:-9092}
REGISTRY_PORT=${REGISTRY_PORT:-8085}  # the registry also takes the next port (management)
DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo "[run] stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/registry.sh stop "$DATA" || true
  scripts/kafka.sh stop "$DATA" || true
}
trap stop_all INT TERM EXIT

echo "[run] building the jars"
./mvnw -B -q -DskipTests clean package  # clean: Boot's repackage keeps stale nested jars otherwise
ingest_jar=$(ls netbox-ingest/target/netbox-ingest-*.jar | grep -v original | head -n1)

mkdir -p "$DATA/keys"
for recipient in orchestrator "host-$HOST_ID"; do
  [ -f "$DATA/keys/$recipient.private.json" ] || scripts/keygen.sh "$recipient" "$DATA/keys" >/dev/null
done
[ -s "$DATA/webhook-secret" ] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DATA/webhook-secret")
secret=$(cat "$DATA/webhook-secret")

scripts/kafka.sh start "$DATA" "$KAFKA_PORT"
scripts/registry.sh start "$DATA" "$REGISTRY_PORT"
registry_url="http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3"

KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT APICURIO_REGISTRY_URL=$registry_url PORT=$INGEST_PORT \
NETBOX_SWARM_WEBHOOK_SECRET=$secret \
NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE="$DATA/keys/orchestrator.public.json" \
  java -XX:+UseSerialGC -jar "$ingest_jar" --server.address=127.0.0.1 >"$DATA/netbox-ingest.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$INGEST_PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$INGEST_PORT/actuator/health" >/dev/null || { tail -20 "$DATA/netbox-ingest.log"; exit 1; }

if docker -H "$DOCKER_HOST" version >/dev/null 2>&1; then
  mkdir -p "$DATA/agent-$HOST_ID"
  NBS_HOST_ID=$HOST_ID NBS_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT NBS_REGISTRY_URL=$registry_url \
  DOCKER_HOST=$DOCKER_HOST NBS_AGENT_KEYSET="$DATA/keys/host-$HOST_ID.private.json" \
  NBS_ORCHESTRATOR_PUBLIC_KEYSET="$DATA/keys/orchestrator.public.json" NBS_STATE_DIR="$DATA/agent-$HOST_ID" \
  NBS_HOST_ADDRESS=${NBS_HOST_ADDRESS:-} \
    java @host-agent/agent.jvm-flags -jar host-agent/target/host-agent.jar >"$DATA/host-agent-$HOST_ID.log" 2>&1 &
  pids+=($!)
  agent="host agent for NetBox host $HOST_ID on $DOCKER_HOST (log $DATA/host-agent-$HOST_ID.log)"
else
  agent="no host agent: no Docker engine answers at $DOCKER_HOST"
fi

cat <<INFO

netbox-swarm is running (data under $DATA)
  NetBox webhook URL : http://127.0.0.1:$INGEST_PORT/webhooks/netbox   (any method, JSON body)
  webhook secret     : $secret   (NetBox signs with it: X-Hook-Signature)
  ingest health      : http://127.0.0.1:$INGEST_PORT/actuator/health
  Kafka              : 127.0.0.1:$KAFKA_PORT      registry: $registry_url
  $agent
  swarm-orchestrator is not built yet: events are published, no command is planned.
Press Ctrl-C to stop everything.
INFO
wait "${pids[0]}"
