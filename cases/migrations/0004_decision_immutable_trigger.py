"""On PostgreSQL, the database itself refuses UPDATE and DELETE of recorded decisions."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cases_decision_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'decisions are immutable; record a correction instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_decision_no_update_delete
  BEFORE UPDATE OR DELETE ON cases_decision
  FOR EACH ROW EXECUTE FUNCTION cases_decision_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_decision_no_update_delete ON cases_decision;
DROP FUNCTION IF EXISTS cases_decision_immutable();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_decisions")]
    operations = [migrations.RunPython(forward, backward)]
