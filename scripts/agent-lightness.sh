#!/usr/bin/env bash
# Prints the host agent's time from start to first heartbeat and its idle resident memory, measured on the
# shipped jar with its shipped JVM flags against a real broker, registry and engine. Run as root.
# To compare extra flag sets, each after the shipped ones: scripts/agent-lightness.sh '-Dlightness.variants=|-Xss256k'
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl host-agent -am install -DskipTests
./mvnw -B -q -pl host-agent test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
trap 'scripts/engines.sh down >/dev/null 2>&1 || true' EXIT
java -cp "host-agent/target/test-classes:host-agent/target/classes:$(cat host-agent/target/test.classpath)" \
  -Dnetboxswarm.project.dir="$(pwd)" -Dnetboxswarm.runtime.dir="$(pwd)/.runtime" \
  -Dnetboxswarm.registry.java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Dnetboxswarm.engines=1 \
  -Dlogback.configurationFile=host-agent/src/test/resources/logback-test.xml \
  "$@" io.netboxswarm.agent.bench.Lightness
