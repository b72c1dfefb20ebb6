#!/bin/sh
# One-shot PostgreSQL schema job for Temporal (runs in temporalio/admin-tools, same version as
# the server). Creates both databases if missing, stamps a fresh database with the baseline and
# applies every versioned migration newer than the stored version. Safe to run on every
# `docker compose up`: a stamped database keeps its version and only newer migrations run.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}"
SQL_PASSWORD="$(cat /run/secrets/postgres_password)"
export SQL_PASSWORD
SCHEMA=/etc/temporal/schema/postgresql/v12

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"
}

for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if nc -z -w 5 "$POSTGRES_SEEDS" "${DB_PORT:-5432}"; then break; fi
  echo "waiting for PostgreSQL ($attempt/10)"
  sleep 3
done

for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="${db##*:}"
  # `create` fails when the database exists; that is the normal case after the first start.
  sql --db "$name" create 2>/dev/null && echo "created database $name" || echo "database $name exists"
  sql --db "$name" setup-schema -v 0.0
  sql --db "$name" update-schema -d "$SCHEMA/$dir/versioned"
done
echo "Temporal schema is current"
