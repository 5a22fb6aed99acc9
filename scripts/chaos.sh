#!/usr/bin/env bash
# Seeded chaos runs (issue #15): the whole system on real engines while the broker, the registry, the
# orchestrator, an agent and an engine are killed (SIGKILL) and started again at seeded moments; each run checks
# that the swarm converges to NetBox's desired state with every invariant kept. Prints one line per run and a
# table: runs, faults injected by kind, converged, time to converge p50/p99, invariant violations.
#
#   scripts/chaos.sh --runs 100          100 runs, seeds from a random start (printed)
#   scripts/chaos.sh --seed 42 --runs 1  replays seed 42
#
# Needs root (the engines live in network namespaces); builds what it runs. Logs: e2e/target/chaos-logs/seed-N/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/chaos.sh: run as root (the Docker engines live in network namespaces)" >&2
  exit 2
fi
cleanup() { scripts/engines.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
# The modules are built, not tested (the test command does that); then ChaosMain runs in its own JVM.
./mvnw -B -ntp -q -pl e2e -am -Pchaos verify -DskipTests -Dchaos.args="${*:---runs 3}"
