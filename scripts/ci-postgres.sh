#!/usr/bin/env bash
# Install Debian's PostgreSQL, start it, create a database for kefu's tests, and print its URL
# (the only thing written to stdout; progress goes to stderr).
#
# Run as root on Debian 12 (bookworm, PostgreSQL 15) or any Debian/Ubuntu with a `postgresql` package:
#
#   export KEFU_PG_URL="$(scripts/ci-postgres.sh)"
#   npm test        # the PostgreSQL tests now also run against this server
#
# Works without systemd (containers): the cluster is started with pg_ctlcluster.
# Settings (environment): KEFU_PG_CLUSTER (default main), KEFU_PG_PORT (default 5432),
# KEFU_PG_DB (default kefu_test), KEFU_PG_USER / KEFU_PG_PASSWORD (default kefu / kefu).
set -euo pipefail

cluster="${KEFU_PG_CLUSTER:-main}"
port="${KEFU_PG_PORT:-5432}"
db="${KEFU_PG_DB:-kefu_test}"
user="${KEFU_PG_USER:-kefu}"
password="${KEFU_PG_PASSWORD:-kefu}"

log() { echo "ci-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "run me as root (apt-get, pg_ctlcluster)"
  exit 1
fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's postinst may fail to start the server without an init system: that is fine,
  # pg_ctlcluster starts it below.
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
log "PostgreSQL ${version}"

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "${version} ${cluster}"; then
  log "creating cluster ${version}/${cluster} on port ${port}"
  pg_createcluster "${version}" "${cluster}" --port "${port}" >&2
fi
actual_port="$(pg_lsclusters -h | awk -v v="${version}" -v c="${cluster}" '$1==v && $2==c {print $3}')"
if [ "${actual_port}" != "${port}" ]; then
  log "cluster ${version}/${cluster} listens on ${actual_port}, not ${port}: using ${actual_port}"
  port="${actual_port}"
fi

if ! pg_lsclusters -h | awk -v v="${version}" -v c="${cluster}" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster ${version}/${cluster}"
  pg_ctlcluster "${version}" "${cluster}" start >&2
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "${port}"; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "${port}" >&2

psql_admin() { su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p ${port} $*"; }

log "creating role ${user} and database ${db}"
psql_admin "-d postgres" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN
    CREATE ROLE "${user}" LOGIN PASSWORD '${password}';
  ELSE
    ALTER ROLE "${user}" LOGIN PASSWORD '${password}';
  END IF;
END
\$\$;
SQL
if ! psql_admin "-d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname = '${db}'\"" | grep -q 1; then
  su postgres -c "createdb -p ${port} -O '${user}' '${db}'" >&2
fi

url="postgres://${user}:${password}@127.0.0.1:${port}/${db}"
# Fail here rather than in the tests if the URL does not work (password auth over TCP).
PGPASSWORD="${password}" psql -X -q -h 127.0.0.1 -p "${port}" -U "${user}" -d "${db}" -tAc 'SELECT 1' >/dev/null
log "ready: ${url}"
echo "${url}"
