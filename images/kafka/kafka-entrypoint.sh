#!/bin/bash
# Starts the broker from the same KAFKA_* environment the apache/kafka image reads, so that docker-compose.yml's
# kafka service runs unchanged on either image: KAFKA_<NAME> is the broker setting <name> (lower case, "_" -> ".",
# "__" -> "_", "___" -> "-"); KAFKA_SSL_{KEYSTORE,TRUSTSTORE}_FILENAME and KAFKA_SSL_{KEYSTORE,KEY,TRUSTSTORE}_CREDENTIALS
# name files in /etc/kafka/secrets (a store, a file holding its password). The storage is formatted on the first
# start only (CLUSTER_ID, or a new one); log.dirs defaults to the image's volume, /var/lib/kafka/data.
set -euo pipefail
secrets=/etc/kafka/secrets
config=/opt/kafka/server.properties
umask 077   # the properties hold the stores' passwords

value() { local v=$1; printf '%s' "${v//\\/\\\\}"; }

{
  for name in $(compgen -e | grep '^KAFKA_' | sort); do
    case "$name" in
      KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_VERSION|KAFKA_JMX_*|KAFKA_LOG4J_*|KAFKA_TOOLS_*) ;;
      KAFKA_SSL_KEYSTORE_FILENAME) echo "ssl.keystore.location=$secrets/${!name}" ;;
      KAFKA_SSL_TRUSTSTORE_FILENAME) echo "ssl.truststore.location=$secrets/${!name}" ;;
      KAFKA_SSL_KEYSTORE_CREDENTIALS) echo "ssl.keystore.password=$(value "$(cat "$secrets/${!name}")")" ;;
      KAFKA_SSL_KEY_CREDENTIALS) echo "ssl.key.password=$(value "$(cat "$secrets/${!name}")")" ;;
      KAFKA_SSL_TRUSTSTORE_CREDENTIALS) echo "ssl.truststore.password=$(value "$(cat "$secrets/${!name}")")" ;;
      *)
        key=${name#KAFKA_}
        key=${key,,}
        key=${key//___/-}
        key=${key//__/@}
        key=${key//_/.}
        key=${key//@/_}
        echo "$key=$(value "${!name}")"
        ;;
    esac
  done
  [ -n "${KAFKA_LOG_DIRS:-}" ] || echo "log.dirs=/var/lib/kafka/data"
} >"$config"

cp=(-cp '/opt/kafka/libs/*' -Dlog4j2.configurationFile=/opt/kafka/log4j2.properties)
logs=$(sed -n 's/^log\.dirs=//p' "$config" | cut -d, -f1)
if [ ! -f "$logs/meta.properties" ]; then
  cluster=${CLUSTER_ID:-$(java "${cp[@]}" kafka.tools.StorageTool random-uuid)}
  # A fixed voter set (controller.quorum.voters) is formatted as it is; a dynamic quorum starts as this one node.
  standalone=()
  grep -q '^controller\.quorum\.voters=' "$config" || standalone=(--standalone)
  java "${cp[@]}" kafka.tools.StorageTool format --config "$config" --cluster-id "$cluster" "${standalone[@]}"
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} "${cp[@]}" kafka.Kafka "$config"
