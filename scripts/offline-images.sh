#!/usr/bin/env bash
# Stages the build contexts of docker-compose.offline.yml, for a site that reaches no container registry (an
# air-gapped one, or this project's test machines): Kafka, the Apicurio registry and Prometheus built on the
# project's own base image (scripts/base-image.sh) from what is at hand here, so that no Dockerfile downloads
# anything:
#   .runtime/images/kafka       the broker's jars from Maven Central (scripts/runtime/kafka/pom.xml, the local Maven
#                               repository first) and an entrypoint reading the apache/kafka image's KAFKA_* settings
#   .runtime/images/registry    the registry server the build unpacks from Maven Central and a Java runtime jlinked
#                               from a local JDK 21+ (NETBOX_SWARM_REGISTRY_JDK, default the Temurin 25 JDK)
#   .runtime/images/prometheus  Debian's prometheus binary (package prometheus; NETBOX_SWARM_PROMETHEUS_BINARY)
# Then: docker-compose -f docker-compose.yml -f docker-compose.offline.yml build (and up -d).
#
#   scripts/offline-images.sh        stage what is missing or older than its source; prints the directory
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/.runtime/images"
JDK=${NETBOX_SWARM_REGISTRY_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
PROMETHEUS=${NETBOX_SWARM_PROMETHEUS_BINARY:-$(command -v prometheus || echo /usr/bin/prometheus)}
VERSION=$(sed -n 's:.*<apicurio-registry-app.version>\(.*\)</apicurio-registry-app.version>.*:\1:p' pom.xml)
SERVER="$ROOT/.runtime/apicurio-registry-$VERSION"

log() { echo "[offline-images] $*" >&2; }

# The image's own files (Dockerfile, entrypoint) from images/<name>, always fresh.
files() { # name
  mkdir -p "$OUT/$1"
  cp -p "images/$1"/* "$OUT/$1/"
}

kafka() {
  files kafka
  local libs="$OUT/kafka/libs" goal=org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies
  if [ ! -f "$libs/.complete" ] || [ scripts/runtime/kafka/pom.xml -nt "$libs/.complete" ]; then
    rm -rf "$libs"
    ./mvnw -B -q -o -f scripts/runtime/kafka/pom.xml "$goal" -DoutputDirectory="$libs" >/dev/null 2>&1 || {
      log "resolving the broker's jars through Maven Central"
      ./mvnw -B -q -f scripts/runtime/kafka/pom.xml "$goal" -DoutputDirectory="$libs" >&2
    }
    touch "$libs/.complete"
  fi
  log "kafka: $(ls "$libs"/*.jar | wc -l) jars"
}

registry() {
  files registry
  [ -f "$SERVER/quarkus-run.jar" ] || ./mvnw -B -q -pl testkit generate-resources >&2
  [ -x "$JDK/bin/jlink" ] || { log "no JDK 21+ with jlink at $JDK (set NETBOX_SWARM_REGISTRY_JDK)"; exit 1; }
  local jre="$OUT/registry/jre"
  if [ ! -x "$jre/bin/java" ]; then
    # The modules a Quarkus server uses; no compiler, no tools: a third of the JDK.
    rm -rf "$jre"
    "$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.crypto.cryptoki,jdk.net \
      --strip-debug --no-header-files --no-man-pages --output "$jre"
  fi
  "$jre/bin/java" -version 2>&1 | head -n1 | sed 's/^/[offline-images] registry: runtime /' >&2
  # The server as the build unpacked it (no Maven markers); rsync-free: replaced when the unpacked one is newer.
  local app="$OUT/registry/apicurio-registry"
  if [ ! -f "$app/quarkus-run.jar" ] || [ "$SERVER/quarkus-run.jar" -nt "$app/quarkus-run.jar" ]; then
    rm -rf "$app"
    mkdir -p "$app"
    cp -a "$SERVER"/app "$SERVER"/lib "$SERVER"/quarkus "$SERVER"/quarkus-run.jar "$app/"
  fi
  log "registry: apicurio-registry-app $VERSION"
}

prometheus() {
  files prometheus
  [ -x "$PROMETHEUS" ] || { log "no prometheus binary at $PROMETHEUS (apt-get install prometheus)"; exit 1; }
  cp -p "$PROMETHEUS" "$OUT/prometheus/prometheus"
  log "prometheus: $("$PROMETHEUS" --version 2>&1 | head -n1)"
}

kafka
registry
prometheus
echo "$OUT"
