#!/usr/bin/env bash
# Builds the minimal Debian base image (debootstrap → docker import) when it is missing.
# No container registry can be assumed, so every default image starts from this one.
# The mirror and suite come from this machine's own apt sources.
source "$(dirname "$0")/lib.sh"

BASE_IMAGE="${OSPREY_BASE_IMAGE:-osprey/base:bookworm}"

docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && exit 0

# First "URIs:" (deb822) or "deb URI SUITE" line naming a debian (not -security) archive.
apt_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '/^URIs:/ {print $2}' "$f" | grep -v -- '-security' | head -n1
  done | head -n1
  grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{print $2}' | grep -v -- '-security' | head -n1
  true
}
MIRROR="${OSPREY_DEBIAN_MIRROR:-$(apt_mirror | head -n1)}"
SUITE="${OSPREY_DEBIAN_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}"
[ -n "$MIRROR" ] || { log "no Debian mirror found in apt sources; set OSPREY_DEBIAN_MIRROR"; exit 1; }

command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap

ROOT=$(mktemp -d /tmp/osprey-rootfs.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
log "debootstrap $SUITE from the machine's mirror (about 30 s)"
debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >/tmp/osprey-debootstrap.log 2>&1 \
  || { log "debootstrap failed; see /tmp/osprey-debootstrap.log"; exit 1; }
# Keep images small: no docs or apt caches.
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
log "importing $BASE_IMAGE"
tar -C "$ROOT" -c . | docker import - "$BASE_IMAGE" >/dev/null
