#!/usr/bin/env bash
# The test command (see README): builds every module and runs every test against the real parts:
# an in-JVM Kafka broker, the Apicurio registry (downloaded by the build) and real dockerd engines
# in network namespaces (scripts/engines.sh, which installs Debian's docker.io when it is missing).
# Run as root. Everything it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh: run as root (the Docker engines live in network namespaces)" >&2
  exit 2
fi

# docker-compose.yml is checked with Debian's docker-compose (e2e ComposeFileTest); prometheus/ with Debian's
# promtool and prometheus (package prometheus; swarm-orchestrator PrometheusConfigTest), whose service is not left on.
if ! command -v docker-compose >/dev/null || ! command -v promtool >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose prometheus >/dev/null
  # The package starts its service (systemd or init.d); the tests start their own Prometheus on a free port.
  if command -v systemctl >/dev/null; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  pkill -x prometheus || true
fi

cleanup() { scripts/engines.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT

./mvnw -B -ntp verify "$@"
