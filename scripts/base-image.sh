#!/usr/bin/env bash
# The base image the project's Dockerfiles build FROM, made here because no container registry can be reached:
# a Debian bookworm rootfs (debootstrap, minbase) with a headless JRE 17, `docker import`ed.
#
#   scripts/base-image.sh DOCKER_HOST [TAG]    e.g. unix:///var/run/docker.sock; TAG defaults to netbox-swarm/jre17:local
#
# The rootfs tar is cached under NETBOX_SWARM_BASE_IMAGE_DIR (default /var/lib/netbox-swarm/base-image). Needs root.
set -euo pipefail
host=${1:?usage: base-image.sh DOCKER_HOST [TAG]}
tag=${2:-netbox-swarm/jre17:local}
dir=${NETBOX_SWARM_BASE_IMAGE_DIR:-/var/lib/netbox-swarm/base-image}
tar="$dir/jre17-rootfs.tar"

if docker -H "$host" image inspect "$tag" >/dev/null 2>&1; then
  echo "[base-image] $tag already present" >&2
  exit 0
fi
if [ ! -s "$tar" ]; then
  command -v debootstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs="$dir/rootfs.partial"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  echo "[base-image] debootstrap bookworm with a JRE 17 from $mirror (a few minutes, once)" >&2
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" "$mirror" \
    >"$dir/debootstrap.log" 2>&1 || { tail -20 "$dir/debootstrap.log" >&2; exit 1; }
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . >"$tar.partial" && mv "$tar.partial" "$tar"
  rm -rf "$rootfs"
fi
docker -H "$host" import --change 'ENV LANG=C.UTF-8' "$tar" "$tag" >/dev/null
echo "[base-image] $tag imported into $host" >&2
