"""On PostgreSQL: the database sets each audit row's time and chains it to the previous row
by a hash; TRUNCATE is refused; the refusing triggers fire even in replica mode.

- ``audit_auditevent_row_hash(e)``: SHA-256 (hex) of a canonical JSON array of the row's
  fields, starting with ``prev_hash``. ``manage.py audit_verify`` calls the same function,
  so the canonical text is computed identically when writing and when verifying.
- BEFORE INSERT ``audit_auditevent_chain``: takes a transaction-scoped advisory lock (audit
  inserts are serialised until commit), sets ``at`` to the database's clock, ``chain_seq``
  to the last one + 1, ``prev_hash`` to the last row's hash, then ``row_hash``.
- BEFORE TRUNCATE ``audit_auditevent_no_truncate`` refuses TRUNCATE.
- Existing rows are chained in id order (their times are kept as they are).
- The triggers are ENABLE ALWAYS: ``SET session_replication_role = replica`` does not skip
  them. Only the table owner can disable them (ALTER TABLE), and the application's role is
  not the owner (scripts/db_roles.sh).
"""

from django.db import migrations

# pg_advisory_xact_lock key of the audit chain: the ASCII bytes of "TRUSTAUD".
CHAIN_LOCK_KEY = 6076012663660434756

FORWARD = f"""
CREATE OR REPLACE FUNCTION audit_auditevent_row_hash(e audit_auditevent) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e.prev_hash,
    e.chain_seq,
    e.id,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id,
    e.actor_username,
    e.agency_id,
    e.action,
    e.object_type,
    e.object_id,
    e.object_repr,
    e.ip_address::text,
    e.user_agent,
    e.outcome,
    e.details
  )::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
  NEW.at := clock_timestamp();
  SELECT chain_seq, row_hash INTO last_seq, last_hash
    FROM audit_auditevent WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := COALESCE(last_seq, 0) + 1;
  NEW.prev_hash := COALESCE(last_hash, repeat('0', 64));
  NEW.row_hash := audit_auditevent_row_hash(NEW);
  RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only: TRUNCATE is refused';
END;
$$;

-- Chain the rows written before this migration, in id order.
ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete;
DO $$
DECLARE
  r audit_auditevent;
  seq bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_auditevent ORDER BY id LOOP
    seq := seq + 1;
    r.chain_seq := seq;
    r.prev_hash := prev;
    r.row_hash := audit_auditevent_row_hash(r);
    UPDATE audit_auditevent
       SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, row_hash = r.row_hash
     WHERE id = r.id;
    prev := r.row_hash;
  END LOOP;
END;
$$;
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_auditevent_no_update_delete;

CREATE TRIGGER audit_auditevent_chain
  BEFORE INSERT ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_auditevent_chain();
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_auditevent_chain;

CREATE TRIGGER audit_auditevent_no_truncate
  BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_no_truncate();
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_auditevent_no_truncate;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_auditevent_chain ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_no_truncate();
DROP FUNCTION IF EXISTS audit_auditevent_chain();
DROP FUNCTION IF EXISTS audit_auditevent_row_hash(audit_auditevent);
ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_update_delete;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_columns")]
    operations = [migrations.RunPython(forward, backward)]
