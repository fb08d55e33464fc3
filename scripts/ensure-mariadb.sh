#!/usr/bin/env bash
# Starts (once) a throwaway MariaDB server for the tests: Debian's `mariadb-server`, installed when
# missing, no systemd. Its datadir, socket, pid file and log live under one directory (never the
# host's /var/lib/mysql or /run/mysqld). Prints OSPREY_TEST_MARIADB_URL=… (the `osprey` database,
# user osprey / osprey) for the caller; an already running server is reused.
source "$(dirname "$0")/lib.sh"
DB_DIR="${OSPREY_TEST_MARIADB_DIR:-/tmp/osprey-test-mariadb}"
DB_PORT="${OSPREY_TEST_MARIADB_PORT:-53306}"
apt_install mariadb-server
SOCKET="$DB_DIR/mariadb.sock"
url="jdbc:mysql://127.0.0.1:$DB_PORT/osprey"

answers() { mariadb-admin --no-defaults --protocol=socket --socket="$SOCKET" -uroot ping >/dev/null 2>&1; }
report() {
  echo "OSPREY_TEST_MARIADB_URL=$url"
  echo "OSPREY_TEST_MARIADB_USERNAME=osprey"
  echo "OSPREY_TEST_MARIADB_PASSWORD=osprey"
}

if [ -f "$DB_DIR/mariadb.pid" ] && answers; then
  report
  exit 0
fi
if [ ! -d "$DB_DIR/data/mysql" ]; then
  rm -rf "$DB_DIR" && mkdir -p "$DB_DIR" && chown mysql: "$DB_DIR"
  # The server refuses to run as root: the datadir belongs to the mysql user.
  mariadb-install-db --no-defaults --user=mysql --datadir="$DB_DIR/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$DB_DIR/install.log" 2>&1 || {
    log "mariadb-install-db failed; see $DB_DIR/install.log"
    exit 1
  }
fi
log "starting MariaDB on 127.0.0.1:$DB_PORT ($DB_DIR)"
rm -f "$DB_DIR/mariadb.pid" "$SOCKET"
# --no-defaults: none of the host's my.cnf (its datadir, socket or port) applies. No durability needed.
nohup su mysql -s /bin/sh -c "exec mariadbd --no-defaults --user=mysql --datadir='$DB_DIR/data' \
  --bind-address=127.0.0.1 --port=$DB_PORT --socket='$SOCKET' --pid-file='$DB_DIR/mariadb.pid' \
  --log-error='$DB_DIR/error.log' --skip-name-resolve --innodb-flush-log-at-trx-commit=0 \
  --innodb-buffer-pool-size=128M --max-connections=300" >/dev/null 2>&1 &

for _ in $(seq 1 120); do
  answers && break
  sleep 0.5
done
answers || {
  log "MariaDB did not answer within 60 s; see $DB_DIR/error.log"
  exit 1
}
mariadb --no-defaults --protocol=socket --socket="$SOCKET" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS osprey;
CREATE USER IF NOT EXISTS 'osprey'@'127.0.0.1' IDENTIFIED BY 'osprey';
CREATE USER IF NOT EXISTS 'osprey'@'localhost' IDENTIFIED BY 'osprey';
GRANT ALL PRIVILEGES ON *.* TO 'osprey'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'osprey'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
report
