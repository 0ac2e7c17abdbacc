"""The decisions waiting for review, in a table of their own kept by the database.

``cases_reviewwaiting`` holds one row per decision that is neither reviewed nor superseded
(its agency, its priority and when it was recorded), indexed in the review queue's order.
Triggers keep it, on PostgreSQL and on SQLite (the demo's database), whatever path writes:

- AFTER INSERT (or UPDATE) on ``cases_decision``: the new decision is waiting; the decision
  it corrects (``supersedes``) no longer is;
- AFTER INSERT, UPDATE or DELETE on ``cases_decisionreview``: a reviewed decision no longer
  waits (a review removed by hand puts it back);
- AFTER DELETE on ``cases_decision`` (refused on PostgreSQL; possible on SQLite): its row goes.

Every trigger recomputes the row of the decision it touches from the truth (``refresh``
below: delete, then insert when the decision exists, has no review and is not superseded),
and the same SELECT backfills the decisions recorded before this migration. Priority 0 is an
override or a decision with a "needs_review" verdict for any action (the queue lists them
first), else 1. On PostgreSQL the triggers are ENABLE ALWAYS, as the decision's own are.
"""

import django.db.models.deletion
from django.db import migrations, models


# One statement set per vendor; ``{id}`` is the decision whose row is recomputed.
WAITING_SELECT = """
SELECT d.id, d.agency_id, {priority}, d.recorded_at
  FROM cases_decision d
 WHERE NOT EXISTS (SELECT 1 FROM cases_decisionreview r WHERE r.decision_id = d.id)
   AND NOT EXISTS (SELECT 1 FROM cases_decision s WHERE s.supersedes_id = d.id)
"""
INSERT = "INSERT INTO cases_reviewwaiting (decision_id, agency_id, priority, recorded_at)"

PG_PRIORITY = "cases_review_priority(d.is_override, d.result)"
SQLITE_PRIORITY = (
    "CASE WHEN d.is_override OR EXISTS (SELECT 1 FROM json_each(d.result, '$.actions') a"
    " WHERE json_extract(a.value, '$.verdict') = 'needs_review') THEN 0 ELSE 1 END"
)

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION cases_review_priority(is_override boolean, result jsonb) RETURNS smallint
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN is_override
                 OR jsonb_path_exists(result, '$.actions.*.verdict ? (@ == "needs_review")')
               THEN 0 ELSE 1 END)::smallint
$$;

CREATE OR REPLACE FUNCTION cases_reviewwaiting_refresh(p_decision bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_decision IS NULL THEN
    RETURN;
  END IF;
  DELETE FROM cases_reviewwaiting WHERE decision_id = p_decision;
  {INSERT}
  {WAITING_SELECT.format(priority=PG_PRIORITY)} AND d.id = p_decision
  ON CONFLICT (decision_id) DO NOTHING;  -- a concurrent refresh of the same decision
END;
$$;

CREATE OR REPLACE FUNCTION cases_decision_review_waiting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM cases_reviewwaiting_refresh(OLD.id);
    PERFORM cases_reviewwaiting_refresh(OLD.supersedes_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM cases_reviewwaiting_refresh(NEW.id);
    PERFORM cases_reviewwaiting_refresh(NEW.supersedes_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION cases_decisionreview_review_waiting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM cases_reviewwaiting_refresh(OLD.decision_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM cases_reviewwaiting_refresh(NEW.decision_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER cases_decision_review_waiting
  AFTER INSERT OR UPDATE OR DELETE ON cases_decision
  FOR EACH ROW EXECUTE FUNCTION cases_decision_review_waiting();
ALTER TABLE cases_decision ENABLE ALWAYS TRIGGER cases_decision_review_waiting;
CREATE TRIGGER cases_decisionreview_review_waiting
  AFTER INSERT OR UPDATE OR DELETE ON cases_decisionreview
  FOR EACH ROW EXECUTE FUNCTION cases_decisionreview_review_waiting();
ALTER TABLE cases_decisionreview ENABLE ALWAYS TRIGGER cases_decisionreview_review_waiting;

{INSERT}
{WAITING_SELECT.format(priority=PG_PRIORITY)};
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS cases_decisionreview_review_waiting ON cases_decisionreview;
DROP TRIGGER IF EXISTS cases_decision_review_waiting ON cases_decision;
DROP FUNCTION IF EXISTS cases_decisionreview_review_waiting();
DROP FUNCTION IF EXISTS cases_decision_review_waiting();
DROP FUNCTION IF EXISTS cases_reviewwaiting_refresh(bigint);
DROP FUNCTION IF EXISTS cases_review_priority(boolean, jsonb);
"""


def _sqlite_refresh(decision: str) -> str:
    return (
        f"DELETE FROM cases_reviewwaiting WHERE decision_id = {decision};\n"
        f"{INSERT} {WAITING_SELECT.format(priority=SQLITE_PRIORITY)} AND d.id = {decision};\n"
    )


def _sqlite_trigger(name: str, when: str, table: str, decisions: tuple[str, ...]) -> str:
    body = "".join(_sqlite_refresh(d) for d in decisions)
    return f"CREATE TRIGGER {name} AFTER {when} ON {table} FOR EACH ROW BEGIN\n{body}END"


SQLITE_FORWARD = [
    _sqlite_trigger("cases_decision_review_waiting_insert", "INSERT", "cases_decision", ("NEW.id", "NEW.supersedes_id")),
    _sqlite_trigger(
        "cases_decision_review_waiting_update",
        "UPDATE",
        "cases_decision",
        ("OLD.id", "OLD.supersedes_id", "NEW.id", "NEW.supersedes_id"),
    ),
    _sqlite_trigger("cases_decision_review_waiting_delete", "DELETE", "cases_decision", ("OLD.id",)),
    _sqlite_trigger("cases_decisionreview_review_waiting_insert", "INSERT", "cases_decisionreview", ("NEW.decision_id",)),
    _sqlite_trigger(
        "cases_decisionreview_review_waiting_update",
        "UPDATE",
        "cases_decisionreview",
        ("OLD.decision_id", "NEW.decision_id"),
    ),
    _sqlite_trigger("cases_decisionreview_review_waiting_delete", "DELETE", "cases_decisionreview", ("OLD.decision_id",)),
    f"{INSERT} {WAITING_SELECT.format(priority=SQLITE_PRIORITY)}",
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "cases_decision_review_waiting_insert",
        "cases_decision_review_waiting_update",
        "cases_decision_review_waiting_delete",
        "cases_decisionreview_review_waiting_insert",
        "cases_decisionreview_review_waiting_update",
        "cases_decisionreview_review_waiting_delete",
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
        ('cases', '0023_person_history_without_confidential'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewWaiting',
            fields=[
                ('decision', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='waiting', serialize=False, to='cases.decision')),
                ('priority', models.PositiveSmallIntegerField()),
                ('recorded_at', models.DateTimeField()),
                ('agency', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.agency')),
            ],
            options={
                'indexes': [models.Index(fields=['agency', 'priority', 'recorded_at', 'decision'], name='review_waiting_queue_idx')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
