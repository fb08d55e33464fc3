#!/usr/bin/env bash
# Shared helpers for the set-up scripts: logging and idempotent apt installs.
set -euo pipefail

log() { printf '[osprey] %s\n' "$*" >&2; }

APT_UPDATED_MARK=/tmp/.osprey-apt-updated

# apt_install PKG... installs only the packages that are missing.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f "$APT_UPDATED_MARK" ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    touch "$APT_UPDATED_MARK"
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
