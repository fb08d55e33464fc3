#!/usr/bin/env bash
# Makes sure a Docker engine answers: honours DOCKER_HOST, else installs Debian's
# docker.io when dockerd is missing and starts it in the background (no systemd here).
source "$(dirname "$0")/lib.sh"

docker_answers() { timeout 5 docker version >/dev/null 2>&1; }

if [ -n "${DOCKER_HOST:-}" ]; then
  docker_answers || { log "DOCKER_HOST=$DOCKER_HOST does not answer"; exit 1; }
  exit 0
fi

docker_answers && exit 0

command -v dockerd >/dev/null 2>&1 || apt_install docker.io
command -v docker >/dev/null 2>&1 || apt_install docker.io

# -fx: this engine only (a second engine runs as `dockerd --host …`, see ensure-second-engine.sh).
if ! pgrep -fx dockerd >/dev/null; then
  log "starting dockerd"
  mkdir -p /var/log/osprey
  nohup dockerd >/var/log/osprey/dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  docker_answers && { log "docker engine ready"; exit 0; }
  sleep 0.5
done
log "dockerd did not answer within 30 s; see /var/log/osprey/dockerd.log"
exit 1
