#!/usr/bin/env bash
# Provisions a recipient's keyset pair: scripts/keygen.sh RECIPIENT DIR
# (RECIPIENT is "orchestrator" or "host-<netbox host id>"). Writes DIR/RECIPIENT.private.json (mode 0600, for
# that recipient only) and DIR/RECIPIENT.public.json (for its senders).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 RECIPIENT DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
dir=$(mkdir -p "$2" && cd "$2" && pwd)
./mvnw -B -q -pl sealing compile exec:java -Dexec.mainClass=io.netboxswarm.sealing.KeyGenerator \
  -Dexec.args="$1 $dir"
