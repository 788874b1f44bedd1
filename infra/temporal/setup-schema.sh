#!/bin/sh
# Creates Temporal's two databases in the stack's PostgreSQL and brings their schemas to the
# version this admin-tools image ships. Safe to run again: existing databases are kept and
# update-schema applies only what is missing.
set -eu

# temporal-sql-tool reads the password from the environment, which keeps it off the command line.
export SQL_PASSWORD="$POSTGRES_PWD"
sql() { temporal-sql-tool --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"; }

for db in temporal temporal_visibility; do
  case $db in
    temporal) dir=temporal ;;
    *) dir=visibility ;;
  esac
  sql --db "$db" create || echo "database $db exists"
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "/etc/temporal/schema/postgresql/v12/$dir/versioned"
done
