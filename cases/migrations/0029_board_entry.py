"""The custody board's entries, in a table of their own kept by the database.

``cases_boardentry`` holds one row per detainer on the board (``cases.models.BoardEntry``):
its agency, its kind of deadline, the deadline and the booking number, indexed in the board's
order. Triggers keep it, on PostgreSQL and on SQLite (the demo's database), whatever path
writes:

- AFTER INSERT or DELETE on ``cases_detainer``, and AFTER UPDATE of what puts a detainer on
  the board (its status, hold limit, ``in_custody`` or booking): that detainer's entry;
- AFTER UPDATE on ``cases_custodycase`` of its status, release time, booking number or agency:
  the entries of the booking's detainers.

Every trigger recomputes the entries it touches from the records (delete, then insert what
``ENTRY_SELECT`` finds), and the same SELECT backfills the detainers recorded before this
migration. On PostgreSQL the triggers are ENABLE ALWAYS, as the review queue's are.
"""

import django.db.models.deletion
from django.db import migrations, models


# The entries of the detainers the WHERE clause adds to (``AND d.id = …`` or ``d.case_id = …``).
# On the board: a booking in custody with a detainer open, or decided with a hold, or decided or
# declined without one (``in_custody``: not left over from an earlier release) once a release
# time is entered. The deadline: the hold limit of a hold, else the release time.
ENTRY_SELECT = """
SELECT d.id, c.agency_id,
       CASE WHEN d.status = 'open' AND c.releasable_at IS NULL THEN 'missing'
            WHEN d.status = 'open' THEN 'decision'
            WHEN d.hold_until IS NOT NULL THEN 'hold'
            ELSE 'release' END,
       CASE WHEN d.status <> 'open' AND d.hold_until IS NOT NULL THEN d.hold_until
            ELSE c.releasable_at END,
       c.booking_number
  FROM cases_detainer d JOIN cases_custodycase c ON c.id = d.case_id
 WHERE c.status = 'in_custody'
   AND (d.status = 'open'
        OR (d.status = 'decided' AND d.hold_until IS NOT NULL)
        OR (d.status IN ('decided', 'declined') AND d.hold_until IS NULL AND d.in_custody
            AND c.releasable_at IS NOT NULL))
"""
INSERT = "INSERT INTO cases_boardentry (detainer_id, agency_id, kind, deadline, booking_number)"
# What puts a detainer on the board, and what a booking lends its detainers' entries.
DETAINER_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.hold_until IS DISTINCT FROM NEW.hold_until"
    " OR OLD.in_custody IS DISTINCT FROM NEW.in_custody OR OLD.case_id IS DISTINCT FROM NEW.case_id"
)
CASE_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.releasable_at IS DISTINCT FROM NEW.releasable_at"
    " OR OLD.booking_number IS DISTINCT FROM NEW.booking_number OR OLD.agency_id IS DISTINCT FROM NEW.agency_id"
)

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION cases_boardentry_refresh_detainer(p_detainer bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_boardentry WHERE detainer_id = p_detainer;
  {INSERT}
  {ENTRY_SELECT} AND d.id = p_detainer
  ON CONFLICT (detainer_id) DO NOTHING;  -- a concurrent refresh of the same detainer
END;
$$;

CREATE OR REPLACE FUNCTION cases_boardentry_refresh_case(p_case bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_boardentry WHERE detainer_id IN (SELECT id FROM cases_detainer WHERE case_id = p_case);
  {INSERT}
  {ENTRY_SELECT} AND d.case_id = p_case
  ON CONFLICT (detainer_id) DO NOTHING;
END;
$$;

CREATE OR REPLACE FUNCTION cases_detainer_board_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM cases_boardentry_refresh_detainer(OLD.id);
  ELSE
    PERFORM cases_boardentry_refresh_detainer(NEW.id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION cases_custodycase_board_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cases_boardentry_refresh_case(NEW.id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER cases_detainer_board_entry
  AFTER INSERT OR DELETE ON cases_detainer
  FOR EACH ROW EXECUTE FUNCTION cases_detainer_board_entry();
CREATE TRIGGER cases_detainer_board_entry_update
  AFTER UPDATE ON cases_detainer
  FOR EACH ROW WHEN ({DETAINER_CHANGED}) EXECUTE FUNCTION cases_detainer_board_entry();
CREATE TRIGGER cases_custodycase_board_entry
  AFTER UPDATE ON cases_custodycase
  FOR EACH ROW WHEN ({CASE_CHANGED}) EXECUTE FUNCTION cases_custodycase_board_entry();
ALTER TABLE cases_detainer ENABLE ALWAYS TRIGGER cases_detainer_board_entry;
ALTER TABLE cases_detainer ENABLE ALWAYS TRIGGER cases_detainer_board_entry_update;
ALTER TABLE cases_custodycase ENABLE ALWAYS TRIGGER cases_custodycase_board_entry;

{INSERT}
{ENTRY_SELECT};
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS cases_custodycase_board_entry ON cases_custodycase;
DROP TRIGGER IF EXISTS cases_detainer_board_entry_update ON cases_detainer;
DROP TRIGGER IF EXISTS cases_detainer_board_entry ON cases_detainer;
DROP FUNCTION IF EXISTS cases_custodycase_board_entry();
DROP FUNCTION IF EXISTS cases_detainer_board_entry();
DROP FUNCTION IF EXISTS cases_boardentry_refresh_case(bigint);
DROP FUNCTION IF EXISTS cases_boardentry_refresh_detainer(bigint);
"""


def _sqlite(condition: str) -> str:
    return f"{INSERT} {ENTRY_SELECT} AND {condition};\n"


SQLITE_FORWARD = [
    "CREATE TRIGGER cases_detainer_board_entry_insert AFTER INSERT ON cases_detainer FOR EACH ROW BEGIN\n"
    + _sqlite("d.id = NEW.id")
    + "END",
    "CREATE TRIGGER cases_detainer_board_entry_update AFTER UPDATE ON cases_detainer FOR EACH ROW"
    f" WHEN {DETAINER_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN\n"
    "DELETE FROM cases_boardentry WHERE detainer_id IN (OLD.id, NEW.id);\n"
    + _sqlite("d.id = NEW.id")
    + "END",
    "CREATE TRIGGER cases_detainer_board_entry_delete AFTER DELETE ON cases_detainer FOR EACH ROW BEGIN\n"
    "DELETE FROM cases_boardentry WHERE detainer_id = OLD.id;\n"
    "END",
    "CREATE TRIGGER cases_custodycase_board_entry AFTER UPDATE ON cases_custodycase FOR EACH ROW"
    f" WHEN {CASE_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN\n"
    "DELETE FROM cases_boardentry WHERE detainer_id IN (SELECT id FROM cases_detainer WHERE case_id = NEW.id);\n"
    + _sqlite("d.case_id = NEW.id")
    + "END",
    f"{INSERT} {ENTRY_SELECT}",
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "cases_detainer_board_entry_insert",
        "cases_detainer_board_entry_update",
        "cases_detainer_board_entry_delete",
        "cases_custodycase_board_entry",
    )
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)



class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_state_analyst'),
        ('cases', '0028_detainer_in_custody'),
    ]

    operations = [
        migrations.CreateModel(
            name='BoardEntry',
            fields=[
                ('detainer', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='board_entry', serialize=False, to='cases.detainer')),
                ('kind', models.CharField(max_length=8)),
                ('deadline', models.DateTimeField(null=True)),
                ('booking_number', models.CharField(max_length=32)),
                ('agency', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.agency')),
            ],
            options={
                'indexes': [models.Index(fields=['agency', 'deadline', 'booking_number', 'detainer'], name='board_entry_deadline_idx'), models.Index(condition=models.Q(('kind', 'missing')), fields=['agency', 'booking_number', 'detainer'], name='board_entry_missing_idx')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
