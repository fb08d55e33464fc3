#!/usr/bin/env bash
# The Osprey image's entrypoint (under tini). Commands:
#   server         (default) by OSPREY_ROLE: `all` or `web` migrate, make the first admin (its
#                  password printed once), serve on $PORT; `worker` runs a worker process.
#   worker         a worker process (OSPREY_ROLE=worker; needs DATABASE_URL=postgresql://…).
#   migrate        only bring the database to the latest schema.
#   init-secrets D write the deployment's secrets into folder D once (deploy/docker-compose.yml).
#   anything else  run as the osprey user (e.g. `bash`).
# Started as root, it hands the data folder and the Docker socket's group to the osprey user and
# drops to it; started as another user (--user), it runs as that user.
set -euo pipefail

log() { printf '[osprey] %s\n' "$*" >&2; }

# NAME_FILE → NAME for the settings a compose file or orchestrator hands over as files. (The key
# and auth secret need none: OSPREY_SECRET_KEY_FILE and OSPREY_AUTH_SECRET_FILE are Osprey's own.)
for name in DATABASE_URL OSPREY_S3_ACCESS_KEY_ID OSPREY_S3_SECRET_ACCESS_KEY; do
  file_var="${name}_FILE"
  if [ -n "${!file_var:-}" ]; then
    export "$name=$(cat "${!file_var}")"
    unset "$file_var"
  fi
done
# npx (used by the SQLite migration) and tsx keep their caches in a folder the user can write.
export HOME=/tmp npm_config_cache=/tmp/.npm npm_config_update_notifier=false

# The engine's socket: DOCKER_HOST=unix://… or the default.
socket_path() {
  case "${DOCKER_HOST:-}" in
    "") echo /var/run/docker.sock ;;
    unix://*) echo "${DOCKER_HOST#unix://}" ;;
    *) echo "" ;;
  esac
}

# Prints the setpriv arguments that run a command as osprey with the socket's group, or nothing
# when the socket is root's alone (then the command stays root: no other user could reach it).
drop_privileges() {
  local socket groups="osprey"
  socket=$(socket_path)
  if [ -n "$socket" ] && [ -S "$socket" ]; then
    local gid mode
    gid=$(stat -c %g "$socket")
    mode=$(stat -c %a "$socket")
    if [ "$gid" = 0 ] && [ "$(stat -c %u "$socket")" = 0 ] && [ "${mode:1:1}" -lt 6 ]; then
      log "the Docker socket $socket is root's only (mode $mode): running as root"
      return 0
    fi
    [ "${mode:1:1}" -ge 6 ] && groups="osprey,$gid"
  fi
  echo "setpriv --reuid=osprey --regid=osprey --groups=$groups --inh-caps=-all --"
}

as_osprey() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
    return
  fi
  # A bind-mounted or older data folder: hand its top level to osprey (a fresh volume already is).
  if [ -d /data ]; then
    find /data -maxdepth 1 \! -user osprey -exec chown osprey:osprey {} + 2>/dev/null || log "could not hand /data to the osprey user"
  fi
  local wrapper
  wrapper=$(drop_privileges)
  # shellcheck disable=SC2086 # the wrapper is a word list
  $wrapper "$@"
}

migrate() { as_osprey node --import tsx scripts/migrate.ts; }

init_secrets() {
  local dir="$1"
  mkdir -p "$dir"
  umask 077
  random_base64() { head -c 32 /dev/urandom | base64 -w0; }
  random_hex() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  [ -s "$dir/secret.key" ] || random_base64 >"$dir/secret.key"
  [ -s "$dir/auth.secret" ] || random_base64 >"$dir/auth.secret"
  [ -s "$dir/postgres.password" ] || random_hex >"$dir/postgres.password"
  # The database's address with its password, read by the web server and the workers (DATABASE_URL_FILE).
  printf 'postgresql://osprey:%s@%s/osprey\n' "$(cat "$dir/postgres.password")" "${OSPREY_POSTGRES_ADDRESS:-postgres:5432}" \
    >"$dir/database.url"
  # The server reads its key files as osprey; PostgreSQL's entrypoint reads its password as root.
  chown osprey:osprey "$dir"/secret.key "$dir"/auth.secret "$dir"/database.url
  log "secrets are in $dir"
}

run_worker() {
  export OSPREY_ROLE=worker
  exec_as_osprey node --conditions=react-server --import tsx scripts/worker.ts
}

exec_as_osprey() {
  if [ "$(id -u)" = 0 ]; then
    local wrapper
    wrapper=$(drop_privileges)
    # shellcheck disable=SC2086
    exec $wrapper "$@"
  fi
  exec "$@"
}

command="${1:-server}"
case "$command" in
  server)
    if [ "${OSPREY_ROLE:-all}" = worker ]; then run_worker; fi
    migrate
    as_osprey node --import tsx scripts/create-admin.ts
    log "Osprey is starting on port $PORT (role ${OSPREY_ROLE:-all})"
    exec_as_osprey node node_modules/next/dist/bin/next start -H "${OSPREY_BIND:-0.0.0.0}" -p "$PORT"
    ;;
  worker) run_worker ;;
  migrate) migrate ;;
  init-secrets) init_secrets "${2:?init-secrets needs a folder}" ;;
  *) exec_as_osprey "$@" ;;
esac
