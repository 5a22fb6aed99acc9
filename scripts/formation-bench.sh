#!/usr/bin/env bash
# Issue #17's formation benchmark: a 5-node swarm (1 manager + 4 workers) on 5 real engines, from the Swarm webhook
# to 5 nodes Ready, beside the docker CLI forming the same swarm on the same engines in the same run (init, then 4
# parallel joins); prints each round and the means with their ratio.
#
#   scripts/formation-bench.sh [--rounds N]      (default 3)
#
# Needs root (the engines live in network namespaces); builds what it runs. Logs: e2e/target/bench-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/formation-bench.sh: run as root (the Docker engines live in network namespaces)" >&2
  exit 2
fi
cleanup() { scripts/engines.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
./mvnw -B -ntp -q -pl e2e -am -Pformation-bench verify -DskipTests -Dbench.args="${*:---rounds 3}"
