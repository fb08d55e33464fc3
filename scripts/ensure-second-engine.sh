#!/usr/bin/env bash
# Starts a second Docker engine for the multi-engine tests and benchmarks (workers on two Docker
# hosts), in its own network namespace so its bridge and iptables rules never touch the first
# engine's (a second engine in the host's namespace deletes the first one's docker0), and gives it
# the images the tests use (no registry is reachable here: `docker save | docker load`).
# Prints OSPREY_TEST_DOCKER_HOST_2=unix://… on stdout.
source "$(dirname "$0")/lib.sh"
DIR=/tmp/osprey-engine-2
HOST="unix://$DIR/docker.sock"
IMAGES=(osprey/shell:latest osprey/python:latest)

answers() { timeout 5 docker -H "$HOST" version >/dev/null 2>&1; }

if ! answers; then
  mkdir -p "$DIR"
  command -v unshare >/dev/null 2>&1 || apt_install util-linux
  command -v ip >/dev/null 2>&1 || apt_install iproute2
  [ -f "$DIR/docker.pid" ] && kill "$(cat "$DIR/docker.pid")" 2>/dev/null || true
  rm -f "$DIR/docker.sock" "$DIR/docker.pid"
  log "starting a second dockerd in its own network namespace ($DIR)"
  nohup unshare --net --fork sh -c "ip link set lo up; exec dockerd --host $HOST --data-root $DIR/data --exec-root $DIR/exec --pidfile $DIR/docker.pid" >"$DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do
    answers && break
    sleep 0.5
  done
  answers || { log "the second dockerd did not answer within 60 s; see $DIR/dockerd.log"; exit 1; }
fi

for image in "${IMAGES[@]}"; do
  # Same image ID on both engines, or copied again (the first engine's images are rebuilt by ensure-images).
  want=$(docker image inspect -f '{{.Id}}' "$image")
  have=$(docker -H "$HOST" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    log "copying $image to the second engine"
    docker save "$image" | docker -H "$HOST" load >/dev/null
  fi
done
echo "OSPREY_TEST_DOCKER_HOST_2=$HOST"
