#!/usr/bin/env bash
# Create, or bring up to date, TrustPortal's two PostgreSQL roles and its database. Idempotent:
# run it again after changing a password or to repair privileges.
#
#   owner  TRUSTPORTAL_DB_OWNER (default trustportal_owner): owns the database, its public
#          schema and every object in it (existing objects are handed over to it). Runs the
#          migrations: MIGRATION_DATABASE_URL=postgres://OWNER:…@host/db manage.py migrate_as_owner
#   app    TRUSTPORTAL_DB_APP (default trustportal_app): the web, worker and beat processes'
#          role (DATABASE_URL). Owns nothing: it may CONNECT and use the schema; on tables it
#          gets SELECT and INSERT by default (default privileges for the owner's new tables),
#          and migrate_as_owner grants UPDATE and DELETE on every table except the insert-only
#          ones (audit_auditevent, cases_decision). Never TRUNCATE, never ALTER.
#
# Environment:
#   DATABASE_ADMIN_URL   a superuser connection (default postgres://postgres@127.0.0.1:5432/postgres)
#   TRUSTPORTAL_DB_NAME  the database (default trustportal), created if missing
#   TRUSTPORTAL_DB_OWNER, TRUSTPORTAL_DB_OWNER_PASSWORD, TRUSTPORTAL_DB_APP, TRUSTPORTAL_DB_APP_PASSWORD
#     A password is set only when its variable is set (read by psql from the environment, never
#     put on a command line); without one the role can log in only where pg_hba.conf trusts it.
#
# Then: MIGRATION_DATABASE_URL=… manage.py migrate_as_owner (applies the table privileges).
set -euo pipefail

export DATABASE_ADMIN_URL=${DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export TRUSTPORTAL_DB_NAME=${TRUSTPORTAL_DB_NAME:-trustportal}
export TRUSTPORTAL_DB_OWNER=${TRUSTPORTAL_DB_OWNER:-trustportal_owner}
export TRUSTPORTAL_DB_APP=${TRUSTPORTAL_DB_APP:-trustportal_app}

if [ "$TRUSTPORTAL_DB_OWNER" = "$TRUSTPORTAL_DB_APP" ]; then
  echo "db_roles.sh: the owner and the application need two different roles." >&2
  exit 2
fi

psql "$DATABASE_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 <<'SQL'
\getenv db TRUSTPORTAL_DB_NAME
\getenv owner TRUSTPORTAL_DB_OWNER
\getenv app TRUSTPORTAL_DB_APP
\getenv owner_password TRUSTPORTAL_DB_OWNER_PASSWORD
\getenv app_password TRUSTPORTAL_DB_APP_PASSWORD
\set QUIET on
\pset tuples_only on

-- Roles are cluster-wide: one run at a time (released when this session ends).
SELECT pg_advisory_lock(hashtext('trustportal db_roles.sh')) \gset lock_

SELECT (:'owner' = current_user OR :'app' = current_user
        OR EXISTS (SELECT FROM pg_roles WHERE rolname IN (:'owner', :'app') AND rolsuper)) AS refuse \gset
\if :refuse
  DO $$ BEGIN RAISE EXCEPTION 'db_roles.sh: the owner and the app role must not be superusers (nor the admin role itself)'; END $$;
\endif

SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT', r)
  FROM unnest(ARRAY[:'owner', :'app']) AS r \gexec
-- Neither role is a member of the other (the app must never act as the owner).
SELECT format('REVOKE %I FROM %I', :'owner', :'app')
 WHERE pg_has_role(:'app', :'owner', 'MEMBER') \gexec
\if :{?owner_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password') \gexec
\endif
\if :{?app_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'app', :'app_password') \gexec
\endif

SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'owner') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'db', :'app') \gexec

\connect :"db"
\set QUIET on
SELECT set_config('trustportal.owner', :'owner', false) \gset cfg_

ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Hand every existing object of the schema to the owner (an installation that ran as a
-- superuser until now). Sequences that belong to a column move with their table.
DO $$
DECLARE
  new_owner text := current_setting('trustportal.owner');
  r record;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS rel,
           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                          WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                          ELSE 'TABLE' END AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND pg_get_userbyid(c.relowner) <> new_owner
       AND NOT (c.relkind = 'S' AND EXISTS (
             SELECT FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.rel, new_owner);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS routine
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> new_owner
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.routine, new_owner);
  END LOOP;
END;
$$;

-- Tables and sequences the owner creates later: readable and insertable by the app at once;
-- UPDATE and DELETE come from migrate_as_owner (never on the insert-only tables).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public REVOKE ALL ON TABLES FROM :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
SQL

echo "PostgreSQL roles ready: owner $TRUSTPORTAL_DB_OWNER, application $TRUSTPORTAL_DB_APP," \
  "database $TRUSTPORTAL_DB_NAME."
echo "Next, as the migration job:" \
  "MIGRATION_DATABASE_URL=postgres://$TRUSTPORTAL_DB_OWNER:…@HOST:5432/$TRUSTPORTAL_DB_NAME" \
  "DATABASE_URL=postgres://$TRUSTPORTAL_DB_APP:…@HOST:5432/$TRUSTPORTAL_DB_NAME manage.py migrate_as_owner"
