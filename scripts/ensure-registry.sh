#!/usr/bin/env bash
# A real private registry for the tests: Debian's docker-registry with htpasswd auth on loopback
# (Docker allows plain HTTP to 127.0.0.1). Prints `export` lines for the address and credentials.
source "$(dirname "$0")/lib.sh"
DIR=/tmp/osprey-registry
PORT="${OSPREY_TEST_REGISTRY_PORT:-5055}"
ADDR="127.0.0.1:$PORT"
command -v docker-registry >/dev/null 2>&1 || apt_install docker-registry
command -v htpasswd >/dev/null 2>&1 || apt_install apache2-utils
command -v curl >/dev/null 2>&1 || apt_install curl
mkdir -p "$DIR/data"
if [ ! -f "$DIR/credentials" ]; then
  echo "osprey-test $(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$DIR/credentials"
fi
read -r USER PASS < "$DIR/credentials"
htpasswd -Bbn "$USER" "$PASS" > "$DIR/htpasswd" 2>/dev/null
cat > "$DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
http:
  addr: $ADDR
auth:
  htpasswd:
    realm: osprey-test
    path: $DIR/htpasswd
YAML
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDR/v2/")" = "401" ]; }
if ! answers; then
  pkill -f "docker-registry serve $DIR/config.yml" 2>/dev/null || true
  nohup docker-registry serve "$DIR/config.yml" > "$DIR/registry.log" 2>&1 &
  for _ in $(seq 1 50); do answers && break; sleep 0.2; done
  answers || { log "registry did not start; see $DIR/registry.log"; exit 1; }
fi
echo "export OSPREY_TEST_REGISTRY=$ADDR OSPREY_TEST_REGISTRY_USER=$USER OSPREY_TEST_REGISTRY_PASSWORD=$PASS"
