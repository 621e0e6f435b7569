#!/usr/bin/env bash
# The portal's two PostgreSQL roles. Run by the postgres image on a new data directory (mounted into
# /docker-entrypoint-initdb.d); safe to run again.
#   portal_owner  owns the database, its schema and every table: runs the migrations and ops/restore.
#   portal_app    what the portal connects as: reads and writes rows, uses sequences, and nothing else.
# Because the app is not the owner it cannot TRUNCATE, ALTER or DROP a table, nor drop or disable a trigger
# (such as the one that keeps the key-person access log append-only), whatever SQL it is made to run.
# Reads PORTAL_OWNER_PASSWORD and PORTAL_APP_PASSWORD; PORTAL_DATABASE (default: POSTGRES_DB or portal),
# PORTAL_OWNER_ROLE and PORTAL_APP_ROLE change the names.
set -euo pipefail
database="${PORTAL_DATABASE:-${POSTGRES_DB:-portal}}"
owner="${PORTAL_OWNER_ROLE:-portal_owner}"
app="${PORTAL_APP_ROLE:-portal_app}"
: "${PORTAL_OWNER_PASSWORD:?set PORTAL_OWNER_PASSWORD for the role that owns the tables}"
: "${PORTAL_APP_PASSWORD:?set PORTAL_APP_PASSWORD for the role the portal connects as}"

run_sql() {
  psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$1" \
    -v database="$database" -v owner="$owner" -v app="$app" \
    -v owner_password="$PORTAL_OWNER_PASSWORD" -v app_password="$PORTAL_APP_PASSWORD"
}

run_sql postgres <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner')
\gexec
SELECT format('CREATE ROLE %I LOGIN', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app')
\gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"database" OWNER TO :"owner";
-- Only these two roles (and superusers) may connect.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app";
SQL

run_sql "$database" <<'SQL'
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
-- Tables and sequences the owner makes from now on (every migration) ...
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
-- ... and those that exist already, when this runs on a database that has them.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
SQL
echo "Roles $owner (owner) and $app (portal) are ready in database $database."
