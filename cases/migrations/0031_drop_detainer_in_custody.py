"""Drop ``Detainer.in_custody``: it only repeated its booking's status.

0028 added it so the old board could tell a detainer of a booking in custody from one left
over from an earlier release; since 0029 the board's entries also ask that the booking be in
custody, and a closed booking never reopens (a new booking is a new case), so the flag said
nothing the booking's status does not. The entries' triggers named it: they are redefined
first without it (same entries), then the column goes (PostgreSQL and SQLite both refuse to
drop a column a trigger names). Backwards: the triggers go (SQLite rebuilds the table to add
the column back), the column comes back, false for the detainers of closed bookings as 0028 left
it, then 0029's triggers.

Self-contained: the SQL is written out here, not imported from 0029, so that editing one
migration never changes what another applied.
"""

from django.db import migrations

# 0029's ENTRY_SELECT without ``AND d.in_custody``: on the board, a booking in custody with a
# detainer open, or decided with a hold, or decided or declined without one once a release time
# is entered. The deadline: the hold limit of a hold, else the release time.
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
        OR (d.status IN ('decided', 'declined') AND d.hold_until IS NULL
            AND c.releasable_at IS NOT NULL))
"""
OLD_ENTRY_SELECT = ENTRY_SELECT.replace(
    "AND d.hold_until IS NULL\n", "AND d.hold_until IS NULL AND d.in_custody\n"
)
INSERT = "INSERT INTO cases_boardentry (detainer_id, agency_id, kind, deadline, booking_number)"
DETAINER_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.hold_until IS DISTINCT FROM NEW.hold_until"
    " OR OLD.case_id IS DISTINCT FROM NEW.case_id"
)
OLD_DETAINER_CHANGED = DETAINER_CHANGED + " OR OLD.in_custody IS DISTINCT FROM NEW.in_custody"
CASE_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.releasable_at IS DISTINCT FROM NEW.releasable_at"
    " OR OLD.booking_number IS DISTINCT FROM NEW.booking_number OR OLD.agency_id IS DISTINCT FROM NEW.agency_id"
)


def pg_triggers(select: str, changed: str) -> str:
    """The two refresh functions with ``select``, and the detainer's update trigger on ``changed``
    (the other triggers call the functions, so they follow)."""
    return f"""
CREATE OR REPLACE FUNCTION cases_boardentry_refresh_detainer(p_detainer bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_boardentry WHERE detainer_id = p_detainer;
  {INSERT}
  {select} AND d.id = p_detainer
  ON CONFLICT (detainer_id) DO NOTHING;  -- a concurrent refresh of the same detainer
END;
$$;

CREATE OR REPLACE FUNCTION cases_boardentry_refresh_case(p_case bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_boardentry WHERE detainer_id IN (SELECT id FROM cases_detainer WHERE case_id = p_case);
  {INSERT}
  {select} AND d.case_id = p_case
  ON CONFLICT (detainer_id) DO NOTHING;
END;
$$;

DROP TRIGGER IF EXISTS cases_detainer_board_entry_update ON cases_detainer;
CREATE TRIGGER cases_detainer_board_entry_update
  AFTER UPDATE ON cases_detainer
  FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION cases_detainer_board_entry();
ALTER TABLE cases_detainer ENABLE ALWAYS TRIGGER cases_detainer_board_entry_update;
"""


SQLITE_TRIGGERS = {
    "cases_detainer_board_entry_insert",
    "cases_detainer_board_entry_update",
    "cases_detainer_board_entry_delete",
    "cases_custodycase_board_entry",
}


def sqlite_triggers(select: str, changed: str) -> list[str]:
    """0029's four SQLite triggers, dropped and made again with ``select`` (all four: undoing
    this migration rebuilds ``cases_detainer``, which takes its triggers with it)."""

    def entries(condition: str) -> str:
        return f"{INSERT} {select} AND {condition};\n"

    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in sorted(SQLITE_TRIGGERS)),
        "CREATE TRIGGER cases_detainer_board_entry_insert AFTER INSERT ON cases_detainer FOR EACH ROW BEGIN\n"
        + entries("d.id = NEW.id")
        + "END",
        "CREATE TRIGGER cases_detainer_board_entry_update AFTER UPDATE ON cases_detainer FOR EACH ROW"
        f" WHEN {changed.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN\n"
        "DELETE FROM cases_boardentry WHERE detainer_id IN (OLD.id, NEW.id);\n"
        + entries("d.id = NEW.id")
        + "END",
        "CREATE TRIGGER cases_detainer_board_entry_delete AFTER DELETE ON cases_detainer FOR EACH ROW BEGIN\n"
        "DELETE FROM cases_boardentry WHERE detainer_id = OLD.id;\n"
        "END",
        "CREATE TRIGGER cases_custodycase_board_entry AFTER UPDATE ON cases_custodycase FOR EACH ROW"
        f" WHEN {CASE_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN\n"
        "DELETE FROM cases_boardentry WHERE detainer_id IN (SELECT id FROM cases_detainer WHERE case_id = NEW.id);\n"
        + entries("d.case_id = NEW.id")
        + "END",
    ]


SQLITE_FORWARD = sqlite_triggers(ENTRY_SELECT, DETAINER_CHANGED)


def _run(schema_editor, select: str, changed: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(pg_triggers(select, changed))
    elif vendor == "sqlite":
        for statement in sqlite_triggers(select, changed):
            schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, ENTRY_SELECT, DETAINER_CHANGED)


def backward(apps, schema_editor):
    _run(schema_editor, OLD_ENTRY_SELECT, OLD_DETAINER_CHANGED)


def drop_sqlite_triggers(apps, schema_editor):
    """Undoing: SQLite adds the column back by rebuilding ``cases_detainer`` (a column with a
    default), which the triggers naming it would refuse; ``backward`` makes them again after."""
    if schema_editor.connection.vendor == "sqlite":
        for name in sorted(SQLITE_TRIGGERS):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0030_drop_old_board_indexes'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        # backwards, after the column is back: the detainers of closed bookings, as 0028 left them
        migrations.RunSQL(
            migrations.RunSQL.noop,
            "UPDATE cases_detainer SET in_custody = false WHERE case_id IN "
            "(SELECT id FROM cases_custodycase WHERE status <> 'in_custody')",
        ),
        migrations.RemoveField(
            model_name='detainer',
            name='in_custody',
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_sqlite_triggers),
    ]
