"""On PostgreSQL, the database refuses TRUNCATE of recorded decisions too, and the refusing
triggers fire even with ``session_replication_role = replica`` (ENABLE ALWAYS)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cases_decision_no_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'decisions are immutable: TRUNCATE is refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_decision_no_truncate
  BEFORE TRUNCATE ON cases_decision
  FOR EACH STATEMENT EXECUTE FUNCTION cases_decision_no_truncate();
ALTER TABLE cases_decision ENABLE ALWAYS TRIGGER cases_decision_no_truncate;
ALTER TABLE cases_decision ENABLE ALWAYS TRIGGER cases_decision_no_update_delete;
"""

BACKWARD = """
ALTER TABLE cases_decision ENABLE TRIGGER cases_decision_no_update_delete;
DROP TRIGGER IF EXISTS cases_decision_no_truncate ON cases_decision;
DROP FUNCTION IF EXISTS cases_decision_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_catalogue_v2_data")]
    operations = [migrations.RunPython(forward, backward)]
