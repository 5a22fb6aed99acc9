#!/usr/bin/env bash
# Replays a NetBox scenario against the local run started with `scripts/run-local.sh --engines 3 [DATA_DIR]`:
# a Swarm with a manager, a second manager and a worker added, a Secret, a container with a secret mount on the
# worker, the worker removed. Each step is a webhook signed as NetBox signs it; after each one it prints the swarm
# as the orchestrator's status API and host 1's engine (`docker node ls`) show it.
#
#   examples/replay-scenario.sh [DATA_DIR]     (default ./data, as run-local.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-data}
[ -f "$DATA/run.env" ] || { echo "no $DATA/run.env: start scripts/run-local.sh --engines 3 $DATA first" >&2; exit 2; }
set -a
# shellcheck disable=SC1091
. "$DATA/run.env"
WEBHOOK_SECRET=$(cat "$DATA/webhook-secret")
ADMIN_TOKEN=$(cat "$DATA/admin-token")   # the status API's bearer token
set +a
cp_file=testkit/target/replay.classpath
[ -s "$cp_file" ] || ./mvnw -B -q -pl testkit dependency:build-classpath -Dmdep.outputFile="$(pwd)/$cp_file" >/dev/null
exec java -Dlogback.configurationFile=examples/logback.xml -cp "testkit/target/classes:$(cat "$cp_file")" \
  examples/ReplayScenario.java
