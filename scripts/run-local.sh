#!/usr/bin/env bash
# The local run: a Kafka broker, the schema registry, netbox-ingest, swarm-orchestrator and one host agent per Docker
# engine, all on 127.0.0.1, with their data under DATA_DIR (default ./data). Ctrl-C stops everything it started.
#
#   scripts/run-local.sh [--engines N] [DATA_DIR]
#     default      one host (NetBox host NETBOX_SWARM_AGENT_HOST_ID, default 1): the engine at DOCKER_HOST (default:
#                  the local socket)
#     --engines N  (root) N engines of its own in network namespaces (scripts/engines.sh), NetBox hosts 1..N,
#                  so that a multi-host swarm forms on one machine; they are stopped with the rest
#   Kafka is secured (mutual TLS, ACLs): the PKI is made under DATA_DIR/pki the first time (scripts/pki.sh), each
#   component gets its own keystore, and each host's agent its ACLs (scripts/kafka.sh acls).
#   env: the components' own variables (README, "Configuration"), e.g. NETBOX_SWARM_AGENT_HOST_ADDRESS (the address
#        the single host advertises), NETBOX_SWARM_INGEST_PORT (8081), NETBOX_SWARM_ORCHESTRATOR_PORT (8082),
#        NETBOX_SWARM_INGEST_MANAGEMENT_PORT (9081), NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT (9082): the actuators,
#        on 127.0.0.1, NETBOX_SWARM_NETBOX_URL and NETBOX_SWARM_NETBOX_TOKEN (resync and write-back; off when unset);
#        and this script's own KAFKA_PORT (9092) and REGISTRY_PORT (8085, and 8086), where it starts them;
#        NETBOX_SWARM_LOCAL_BUILD, whether it builds the jars first:
#          auto (default)  only when the sources changed since the jars' last build (a second start reuses them)
#          always          build
#          reuse           never build: the jars under */target/ are taken as built from the sources as they are now,
#                          and recorded so (for a caller that has just built them, e.g. LocalRunRestartTest in Maven)
#          check           never build: reuse the jars when the sources are unchanged, otherwise stop with an error
#   A stop and a start on the same DATA_DIR keep the broker's data (the orchestrator's state with it: its changelogs),
#   the registry's schemas, the agents' state, the keys, the PKI, the webhook secret and the admin token.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINES=0
if [ "${1:-}" = "--engines" ]; then
  ENGINES=${2:?usage: run-local.sh [--engines N] [DATA_DIR]}
  [[ "$ENGINES" =~ ^[1-9][0-9]*$ ]] || { echo "--engines takes a number" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || { echo "--engines needs root (network namespaces)" >&2; exit 2; }
  shift 2
fi
DATA=$(mkdir -p "${1:-data}" && cd "${1:-data}" && pwd)
INGEST_PORT=${NETBOX_SWARM_INGEST_PORT:-8081}
ORCHESTRATOR_PORT=${NETBOX_SWARM_ORCHESTRATOR_PORT:-8082}
INGEST_MANAGEMENT_PORT=${NETBOX_SWARM_INGEST_MANAGEMENT_PORT:-9081}
ORCHESTRATOR_MANAGEMENT_PORT=${NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT:-9082}
KAFKA_PORT=${KAFKA_PORT:-9092}
REGISTRY_PORT=${REGISTRY_PORT:-8085}  # the registry also takes the next port (management)
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo "[run] stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/registry.sh stop "$DATA" || true
  scripts/kafka.sh stop "$DATA" || true
  if [ "$ENGINES" -gt 0 ]; then scripts/engines.sh down >/dev/null 2>&1 || true; fi
}
# A signal ends the script once everything is stopped; without the exit, bash would go on with the next command.
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

await_http() { # name url log
  for _ in $(seq 1 240); do
    curl -sf "$2" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "[run] $1 did not come up; the end of $3:" >&2
  tail -20 "$3" >&2
  exit 1
}

# The build, only when the sources differ from those the jars were last built from. The stamp (.runtime/ is this
# checkout's and gitignored) holds a digest of the sources as git sees them (the index, the tracked files' changes
# against it, the untracked files that are not ignored: names and contents) and the jars' sizes and times. Contents,
# not mtimes: a checkout or a touch that leaves the sources as they were rebuilds nothing, any edit (a pom, a schema,
# a new file) rebuilds; the jars' times catch a build made by hand since. No git: no digest, so it always builds.
STAMP=.runtime/local-build.stamp
# What the run takes from the build, as patterns (expanded when looked at, after a build too).
JARS='netbox-ingest/target/netbox-ingest-*[0-9T].jar swarm-orchestrator/target/swarm-orchestrator-*[0-9T].jar
  host-agent/target/host-agent.jar host-agent/target/host-agent.jsa kafka-security/target/kafka-security-*[0-9T].jar' 
build_state() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 1
  local skip=()  # a DATA_DIR inside the checkout changes all the time: not a source
  case "$DATA/" in "$PWD/"*) skip=(":(exclude)${DATA#"$PWD/"}") ;; esac
  {
    git ls-files -s
    git diff --no-ext-diff --binary
    git ls-files -o --exclude-standard -z -- . "${skip[@]}" | xargs -0 -r sha256sum --
  } | sha256sum
  # shellcheck disable=SC2086
  stat -c '%n %s %Y' $JARS 2>/dev/null || true
}
jars_built() {
  # shellcheck disable=SC2086
  for jar in $JARS; do [ -f "$jar" ] || return 1; done
}
build_mode=${NETBOX_SWARM_LOCAL_BUILD:-auto}
state=$(build_state || true)
fresh=false
if [ -n "$state" ] && jars_built && [ -f "$STAMP" ] && [ "$state" = "$(cat "$STAMP")" ]; then fresh=true; fi
case "$build_mode" in
  auto|always|check)
    if [ "$build_mode" != always ] && $fresh; then
      echo "[run] reusing the jars: the sources are unchanged since their last build"
    elif [ "$build_mode" = check ]; then
      echo "[run] the jars are not those of the sources as they are (NETBOX_SWARM_LOCAL_BUILD=check): not building" >&2
      exit 1
    else
      echo "[run] building the jars: $([ "$build_mode" = always ] && echo "NETBOX_SWARM_LOCAL_BUILD=always" ||
        echo "the sources changed since their last build, or no build of this script's yet")"
      rm -f "$STAMP"
      ./mvnw -B -q -DskipTests clean package  # clean: Boot's repackage keeps stale nested jars otherwise
      mkdir -p .runtime
      state=$(build_state || true)
      [ -z "$state" ] || echo "$state" >"$STAMP"
    fi
    ;;
  reuse)
    jars_built || { echo "[run] NETBOX_SWARM_LOCAL_BUILD=reuse, but the jars are not all built" >&2; exit 1; }
    echo "[run] using the jars as built (NETBOX_SWARM_LOCAL_BUILD=reuse)"
    mkdir -p .runtime
    [ -z "$state" ] || echo "$state" >"$STAMP"
    ;;
  *) echo "NETBOX_SWARM_LOCAL_BUILD is auto, always, reuse or check, not $build_mode" >&2; exit 2 ;;
esac
ingest_jar=$(ls netbox-ingest/target/netbox-ingest-*.jar | head -n1)
orchestrator_jar=$(ls swarm-orchestrator/target/swarm-orchestrator-*.jar | head -n1)

# Hosts: "id socket address" lines.
hosts=()
if [ "$ENGINES" -gt 0 ]; then
  scripts/engines.sh up "$ENGINES"
  eval "$(scripts/engines.sh env)"
  for i in $(seq 1 "$ENGINES"); do
    socket_var=ENGINE_${i}_SOCKET address_var=ENGINE_${i}_ADDRESS
    hosts+=("$i unix://${!socket_var} ${!address_var}")
  done
else
  hosts+=("${NETBOX_SWARM_AGENT_HOST_ID:-1} ${DOCKER_HOST:-unix:///var/run/docker.sock} ${NETBOX_SWARM_AGENT_HOST_ADDRESS:-}")
fi

mkdir -p "$DATA/keys"
[ -f "$DATA/keys/orchestrator.private.json" ] || scripts/keygen.sh orchestrator "$DATA/keys" >/dev/null
for h in "${hosts[@]}"; do
  read -r id _ _ <<<"$h"
  [ -f "$DATA/keys/host-$id.private.json" ] || scripts/keygen.sh "host-$id" "$DATA/keys" >/dev/null
done
[ -s "$DATA/webhook-secret" ] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DATA/webhook-secret")
secret=$(cat "$DATA/webhook-secret")
# The bearer token of the status API and of the ingest's resync.
[ -s "$DATA/admin-token" ] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DATA/admin-token")
admin_token=$(cat "$DATA/admin-token")

host_ids=()
for h in "${hosts[@]}"; do read -r id _ _ <<<"$h"; host_ids+=("$id"); done
scripts/pki.sh "$DATA/pki" admin broker ingest orchestrator auditor "${host_ids[@]/#/host-}"
pki_password=$(cat "$DATA/pki/password")
# What every component shares, as one principal: its Kafka client settings (NETBOX_SWARM_KAFKA_<NAME> is Kafka's
# <name>) and the registry.
shared_env() {
  echo NETBOX_SWARM_KAFKA_BOOTSTRAP_SERVERS="$bootstrap" NETBOX_SWARM_REGISTRY_URL="$registry_url" \
    NETBOX_SWARM_KAFKA_SECURITY_PROTOCOL=SSL \
    NETBOX_SWARM_KAFKA_SSL_KEYSTORE_TYPE=PKCS12 NETBOX_SWARM_KAFKA_SSL_KEYSTORE_LOCATION="$DATA/pki/$1.p12" \
    NETBOX_SWARM_KAFKA_SSL_KEYSTORE_PASSWORD="$pki_password" NETBOX_SWARM_KAFKA_SSL_KEY_PASSWORD="$pki_password" \
    NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_TYPE=PKCS12 NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_LOCATION="$DATA/pki/truststore.p12" \
    NETBOX_SWARM_KAFKA_SSL_TRUSTSTORE_PASSWORD="$pki_password"
}

scripts/kafka.sh start "$DATA" "$KAFKA_PORT"   # grants the platform's ACLs (ingest, orchestrator, auditor)
scripts/kafka.sh acls "$DATA" "$KAFKA_PORT" host "${host_ids[@]}" >/dev/null
scripts/registry.sh start "$DATA" "$REGISTRY_PORT"
registry_url="http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3"
bootstrap=127.0.0.1:$KAFKA_PORT

# shellcheck disable=SC2046
env $(shared_env ingest) \
NETBOX_SWARM_INGEST_PORT=$INGEST_PORT NETBOX_SWARM_INGEST_MANAGEMENT_PORT=$INGEST_MANAGEMENT_PORT \
NETBOX_SWARM_ADMIN_TOKEN=$admin_token NETBOX_SWARM_INGEST_WEBHOOK_SECRET=$secret \
NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE="$DATA/keys/orchestrator.public.json" \
  java -XX:+UseSerialGC -jar "$ingest_jar" --server.address=127.0.0.1 >"$DATA/netbox-ingest.log" 2>&1 &
pids+=($!)
await_http netbox-ingest "http://127.0.0.1:$INGEST_MANAGEMENT_PORT/actuator/health" "$DATA/netbox-ingest.log"

# shellcheck disable=SC2046
env $(shared_env orchestrator) \
NETBOX_SWARM_ORCHESTRATOR_PORT=$ORCHESTRATOR_PORT NETBOX_SWARM_ORCHESTRATOR_MANAGEMENT_PORT=$ORCHESTRATOR_MANAGEMENT_PORT \
NETBOX_SWARM_ADMIN_TOKEN=$admin_token NETBOX_SWARM_ORCHESTRATOR_KEYSET_FILE="$DATA/keys/orchestrator.private.json" \
NETBOX_SWARM_ORCHESTRATOR_HOST_KEYSETS_DIR="$DATA/keys" NETBOX_SWARM_ORCHESTRATOR_STATE_DIR="$DATA/orchestrator" \
  java -XX:+UseSerialGC -jar "$orchestrator_jar" --server.address=127.0.0.1 >"$DATA/swarm-orchestrator.log" 2>&1 &
pids+=($!)
await_http swarm-orchestrator "http://127.0.0.1:$ORCHESTRATOR_MANAGEMENT_PORT/actuator/health" \
  "$DATA/swarm-orchestrator.log"

agents=""
{
  echo "INGEST_URL=http://127.0.0.1:$INGEST_PORT"
  echo "ORCHESTRATOR_URL=http://127.0.0.1:$ORCHESTRATOR_PORT"
  echo "SERVICE_IMAGE_ID=${SERVICE_IMAGE_ID:-}"
} >"$DATA/run.env"
for h in "${hosts[@]}"; do
  read -r id docker_host address <<<"$h"
  if ! docker -H "$docker_host" version >/dev/null 2>&1; then
    agents+="  no host agent for host $id: no Docker engine answers at $docker_host"$'\n'
    continue
  fi
  mkdir -p "$DATA/agent-$id"
  # shellcheck disable=SC2046
  env $(shared_env "host-$id") \
  NETBOX_SWARM_AGENT_HOST_ID=$id DOCKER_HOST=$docker_host \
  NETBOX_SWARM_AGENT_KEYSET_FILE="$DATA/keys/host-$id.private.json" \
  NETBOX_SWARM_ORCHESTRATOR_PUBLIC_KEYSET_FILE="$DATA/keys/orchestrator.public.json" \
  NETBOX_SWARM_AGENT_STATE_DIR="$DATA/agent-$id" NETBOX_SWARM_AGENT_HOST_ADDRESS=$address \
    java @host-agent/agent.jvm-flags -XX:SharedArchiveFile=host-agent/target/host-agent.jsa \
      -jar host-agent/target/host-agent.jar >"$DATA/host-agent-$id.log" 2>&1 &
  pids+=($!)
  echo "HOST_${id}_DOCKER_HOST=$docker_host HOST_${id}_ADDRESS=$address" >>"$DATA/run.env"
  agents+="  host agent for NetBox host $id on $docker_host${address:+ ($address)}  log: $DATA/host-agent-$id.log"$'\n'
done
echo "HOSTS=\"$(for h in "${hosts[@]}"; do read -r id _ _ <<<"$h"; printf '%s ' "$id"; done)\"" >>"$DATA/run.env"

cat <<INFO

netbox-swarm is running (data under $DATA)
  NetBox webhook URL : http://127.0.0.1:$INGEST_PORT/webhooks/netbox   (any method, JSON body)
  webhook secret     : $secret   (NetBox signs with it: X-Hook-Signature)
  status API         : curl -H "Authorization: Bearer \$(cat $DATA/admin-token)" http://127.0.0.1:$ORCHESTRATOR_PORT/status/swarms
  health             : http://127.0.0.1:$INGEST_MANAGEMENT_PORT/actuator/health  http://127.0.0.1:$ORCHESTRATOR_MANAGEMENT_PORT/actuator/health
  Kafka              : $bootstrap (TLS, client certificates: $DATA/pki; as admin: --command-config $DATA/pki/admin.properties)
  registry           : $registry_url
  NetBox             : ${NETBOX_SWARM_NETBOX_URL:-off: no resync, no write-back (set NETBOX_SWARM_NETBOX_URL and NETBOX_SWARM_NETBOX_TOKEN)}
$agents  replay a scenario : examples/replay-scenario.sh $DATA
Press Ctrl-C to stop everything.
INFO
wait "${pids[0]}"
