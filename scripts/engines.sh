#!/usr/bin/env bash
# Real Docker engines for tests and for the multi-host local run: N dockerd processes on one machine, each in
# its own network namespace with its own address, hostname, data root, exec root, socket and engine key, all
# wired to one bridge that lives in a separate "switch" namespace (no address is added to the root namespace).
#
#   scripts/engines.sh up N     start engines 1..N (clean data roots), load the service image into each
#   scripts/engines.sh down     stop every engine and remove the namespaces, leaving no process behind
#   scripts/engines.sh status   one line per engine
#   scripts/engines.sh env      KEY=VALUE lines: ENGINES, ENGINE_<i>_{NAME,SOCKET,ADDRESS,LOG}, SERVICE_IMAGE_ID
#   scripts/engines.sh stop I   stop engine I's dockerd only, as an engine restart does: namespace, data (swarm
#                               state included) and socket path stay; the socket answers nothing until `start I`
#   scripts/engines.sh start I  start engine I again on its kept data; returns once it answers
#   scripts/engines.sh kill I   crash engine I: SIGKILL to its dockerd, containerd and container shims at once, as
#                               a power loss does to them; data and namespace stay, `start I` brings it back
#   scripts/engines.sh forward I PORT...
#                               make 127.0.0.1:PORT inside engine I's namespace reach 127.0.0.1:PORT of this
#                               (root) namespace, e.g. for a container on the engine's host network to reach a
#                               test broker. Through a unix socket (socat), so that no address is added anywhere
#                               and a server advertising 127.0.0.1:PORT is right on both sides. `down` ends it.
#
# Needs root. Installs Debian's docker.io, busybox-static, iproute2 and socat when missing.
# Environment: NETBOX_SWARM_ENGINES_DIR (state, default /var/lib/netbox-swarm/engines), NETBOX_SWARM_ENGINES_KEEP=1 keeps the
# data roots of a previous run (swarm state included) instead of starting clean.
set -euo pipefail

BASE=${NETBOX_SWARM_ENGINES_DIR:-/var/lib/netbox-swarm/engines}
RUN=/run/netbox-swarm/engines
SUBNET=192.168.213          # engine i is $SUBNET.(10+i); outside Docker's default bridge and swarm pools
SWITCH=nbs-switch
BRIDGE=nbs-br0
IMAGE_TAG=netbox-swarm/busybox:local

log() { echo "[engines] $*" >&2; }
die() { echo "[engines] error: $*" >&2; exit 1; }

ns_of() { echo "nbs-e$1"; }
sock_of() { echo "$RUN/e$1/docker.sock"; }
addr_of() { echo "$SUBNET.$((10 + $1))"; }
log_of() { echo "$BASE/e$1/dockerd.log"; }
dkr() { local i=$1; shift; docker -H "unix://$(sock_of "$i")" "$@"; }

ns_exists() { [ -e "/var/run/netns/$1" ]; }

require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, dockerd)"; }

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v nsenter >/dev/null || missing+=(util-linux)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v socat >/dev/null || missing+=(socat)   # forward, and the tests' stand-in for published ports
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v docker >/dev/null || die "no docker client after installing docker.io"
}

running() {
  local pidfile="$RUN/e$1/docker.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

ensure_switch() {
  ns_exists "$SWITCH" || ip netns add "$SWITCH"
  ip -n "$SWITCH" link set lo up
  ip -n "$SWITCH" link show "$BRIDGE" >/dev/null 2>&1 || ip -n "$SWITCH" link add "$BRIDGE" type bridge
  ip -n "$SWITCH" link set "$BRIDGE" up
}

wire_engine_ns() {
  local i=$1 ns
  ns=$(ns_of "$i")
  ns_exists "$ns" || ip netns add "$ns"
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip link del "nbs-e$i-h" 2>/dev/null || true
    ip link add "nbs-e$i-h" type veth peer name "nbs-e$i-c"
    ip link set "nbs-e$i-h" netns "$SWITCH"
    ip -n "$SWITCH" link set "nbs-e$i-h" master "$BRIDGE" up
    ip link set "nbs-e$i-c" netns "$ns"
    ip -n "$ns" link set "nbs-e$i-c" name eth0
    ip -n "$ns" addr add "$(addr_of "$i")/24" dev eth0
  fi
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}

unmount_under() {
  local m
  for m in $(awk -v p="$1" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

start_engine() {
  local i=$1 ns dir run
  ns=$(ns_of "$i"); dir="$BASE/e$i"; run="$RUN/e$i"
  if running "$i"; then log "engine $i already up"; return; fi
  wire_engine_ns "$i"
  mkdir -p "$dir"
  if [ "${NETBOX_SWARM_ENGINES_KEEP:-0}" != 1 ]; then
    unmount_under "$dir/data"
    rm -rf "$dir/data"
    : >"$(log_of "$i")"
  fi
  # A restart on kept data appends: the engine's log before a crash stays beside what it did after.
  echo "=== engines.sh: dockerd starting $(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" >>"$(log_of "$i")"
  mkdir -p "$dir/data" "$run/exec"
  # Own config file: never pick up /etc/docker/daemon.json; own engine key: distinct engine identities.
  cat >"$dir/daemon.json" <<EOF
{ "deprecated-key-path": "$dir/key.json" }
EOF
  # nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts dockerd needs.
  nsenter --net="/var/run/netns/$ns" unshare --uts -- sh -c "hostname $ns; exec dockerd \
      --config-file '$dir/daemon.json' \
      --data-root '$dir/data' --exec-root '$run/exec' --pidfile '$run/docker.pid' \
      -H 'unix://$(sock_of "$i")' \
      --bridge none --iptables=false --ip-masq=false --ip-forward=false --userland-proxy=false" \
    >>"$(log_of "$i")" 2>&1 </dev/null &
  disown || true
}

await_engine() {
  local i=$1
  for _ in $(seq 1 120); do
    if dkr "$i" version >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  tail -n 30 "$(log_of "$i")" >&2 || true
  die "engine $i did not answer on $(sock_of "$i") within 30 s (log: $(log_of "$i"))"
}

# A tiny image made here (no registry can be reached): Debian's static busybox and its applets.
ensure_image_tar() {
  local tar="$BASE/image/busybox-image.tar"
  if [ -f "$tar" ]; then echo "$tar"; return; fi
  mkdir -p "$BASE/image"
  local rootfs
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/run/secrets" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo "root:x:0:0:root:/:/bin/sh" >"$rootfs/etc/passwd"
  echo "root:x:0:" >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | dkr 1 import --change 'CMD ["/bin/sh"]' - "$IMAGE_TAG" >/dev/null
  rm -rf "$rootfs"
  # Saved once and loaded everywhere, so that every engine has the same image id.
  dkr 1 save "$IMAGE_TAG" -o "$tar.partial" && mv "$tar.partial" "$tar"
  echo "$tar"
}

load_image() {
  local i=$1 tar=$2
  dkr "$i" image inspect "$IMAGE_TAG" >/dev/null 2>&1 || dkr "$i" load -q -i "$tar" >/dev/null
}

configured_count() { cat "$RUN/count" 2>/dev/null || echo 0; }

cmd_up() {
  local n=${1:-}
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: engines.sh up N"
  require_root
  ensure_packages
  mkdir -p "$RUN" "$BASE"
  ensure_switch
  for i in $(seq 1 "$n"); do start_engine "$i"; done
  for i in $(seq 1 "$n"); do await_engine "$i"; done
  local tar
  tar=$(ensure_image_tar)
  for i in $(seq 1 "$n"); do load_image "$i" "$tar"; done
  local prev
  prev=$(configured_count)
  [ "$prev" -gt "$n" ] || echo "$n" >"$RUN/count"
  log "$n engine(s) up; image $(image_id 1)"
}

image_id() { dkr "$1" image inspect -f '{{.Id}}' "$IMAGE_TAG"; }

stop_engine() {
  local i=$1 pid
  if running "$i"; then
    # Containers first: their shims outlive dockerd by design.
    dkr "$i" ps -aq 2>/dev/null | xargs -r docker -H "unix://$(sock_of "$i")" rm -f >/dev/null 2>&1 || true
    pid=$(cat "$RUN/e$i/docker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  stop_forwards "$i"
  # Whatever is left of this engine (containerd, shims) names its exec root on its command line.
  pkill -9 -f "$RUN/e$i/exec" 2>/dev/null || true
  unmount_under "$RUN/e$i/exec"
  unmount_under "$BASE/e$i/data"
  rm -rf "${RUN:?}/e$i"
  ip netns del "$(ns_of "$i")" 2>/dev/null || true
}

# The engine alone, as `systemctl restart docker` would stop it: its containers stop with it (no live-restore),
# everything else of it stays.
cmd_stop() {
  local i=${1:-} pid
  [[ "$i" =~ ^[1-9][0-9]*$ ]] || die "usage: engines.sh stop I"
  require_root
  running "$i" || { log "engine $i not running"; return; }
  pid=$(cat "$RUN/e$i/docker.pid")
  kill "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && die "engine $i (pid $pid) did not stop within 30 s"
  log "engine $i stopped"
}

cmd_kill() {
  local i=${1:-}
  [[ "$i" =~ ^[1-9][0-9]*$ ]] || die "usage: engines.sh kill I"
  require_root
  running "$i" || { log "engine $i not running"; return; }
  kill -9 "$(cat "$RUN/e$i/docker.pid")" 2>/dev/null || true
  # containerd and the shims name the exec root on their command lines.
  pkill -9 -f "$RUN/e$i/exec" 2>/dev/null || true
  for _ in $(seq 1 40); do running "$i" || break; sleep 0.25; done
  rm -f "$RUN/e$i/docker.pid"
  log "engine $i killed"
}

cmd_start() {
  local i=${1:-}
  [[ "$i" =~ ^[1-9][0-9]*$ ]] || die "usage: engines.sh start I"
  require_root
  ns_exists "$(ns_of "$i")" || die "engine $i was never brought up (engines.sh up N)"
  NETBOX_SWARM_ENGINES_KEEP=1 start_engine "$i"
  await_engine "$i"
  log "engine $i up again"
}

forward_dir() { echo "$RUN/e$1/forward"; }

stop_forwards() {
  local dir pid
  dir=$(forward_dir "$1")
  [ -d "$dir" ] || return 0
  for pid in $(cat "$dir"/*.pids 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}

cmd_forward() {
  local i=${1:-} ns dir port sock
  [[ "$i" =~ ^[1-9][0-9]*$ ]] && [ $# -ge 2 ] || die "usage: engines.sh forward I PORT..."
  shift
  require_root
  ns=$(ns_of "$i")
  ns_exists "$ns" || die "engine $i was never brought up (engines.sh up N)"
  if ! command -v socat >/dev/null; then
    log "installing socat"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends socat >/dev/null
  fi
  dir=$(forward_dir "$i")
  mkdir -p "$dir"
  for port in "$@"; do
    [[ "$port" =~ ^[1-9][0-9]*$ ]] || die "not a port: $port"
    if [ -f "$dir/$port.pids" ]; then log "engine $i: port $port already forwarded"; continue; fi
    sock="$dir/$port.sock"
    # Root side: the unix socket leads to 127.0.0.1:PORT here. Unix sockets are not bound to a network
    # namespace, which is what lets a connection cross from the engine's namespace into this one.
    socat "UNIX-LISTEN:$sock,fork,unlink-early,mode=600" "TCP4:127.0.0.1:$port" \
      >"$dir/$port.log" 2>&1 </dev/null &
    echo $! >"$dir/$port.pids"
    for _ in $(seq 1 40); do [ -S "$sock" ] && break; sleep 0.05; done
    # Engine side: nsenter execs socat, so $! is socat's own pid.
    nsenter --net="/var/run/netns/$ns" socat "TCP4-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" \
      "UNIX-CONNECT:$sock" >>"$dir/$port.log" 2>&1 </dev/null &
    echo $! >>"$dir/$port.pids"
    disown -a || true
    for _ in $(seq 1 40); do
      nsenter --net="/var/run/netns/$ns" ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && break
      sleep 0.05
    done
    log "engine $i: 127.0.0.1:$port leads to 127.0.0.1:$port of the root namespace"
  done
}

cmd_down() {
  require_root
  local i
  for path in /var/run/netns/nbs-e*; do
    [ -e "$path" ] || continue
    i=${path##*/nbs-e}
    stop_engine "$i"
  done
  ip netns del "$SWITCH" 2>/dev/null || true
  rm -f "$RUN/count"
  log "all engines down"
}

cmd_status() {
  local n
  n=$(configured_count)
  for i in $(seq 1 "$n"); do
    if running "$i"; then
      echo "engine $i: up $(addr_of "$i") $(sock_of "$i") swarm=$(dkr "$i" info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null)"
    else
      echo "engine $i: down"
    fi
  done
}

cmd_env() {
  local n
  n=$(configured_count)
  echo "ENGINES=$n"
  for i in $(seq 1 "$n"); do
    echo "ENGINE_${i}_NAME=$(ns_of "$i")"
    echo "ENGINE_${i}_SOCKET=$(sock_of "$i")"
    echo "ENGINE_${i}_ADDRESS=$(addr_of "$i")"
    echo "ENGINE_${i}_LOG=$(log_of "$i")"
  done
  [ "$n" -gt 0 ] && echo "SERVICE_IMAGE_ID=$(image_id 1)"
  echo "SERVICE_IMAGE_TAG=$IMAGE_TAG"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  stop) shift; cmd_stop "$@" ;;
  start) shift; cmd_start "$@" ;;
  kill) shift; cmd_kill "$@" ;;
  forward) shift; cmd_forward "$@" ;;
  *) echo "usage: $0 up N | down | status | env | stop I | start I | kill I | forward I PORT..." >&2; exit 2 ;;
esac
