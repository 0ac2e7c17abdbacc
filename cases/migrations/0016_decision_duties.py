"""Which duties were done for each decision (insert-only, like decisions)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# On PostgreSQL, the database itself refuses UPDATE and DELETE of duty records.
FORWARD = """
CREATE OR REPLACE FUNCTION cases_decisionduty_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'duty records are never changed; mark the duty done again with a new row';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_decisionduty_no_update_delete
  BEFORE UPDATE OR DELETE ON cases_decisionduty
  FOR EACH ROW EXECUTE FUNCTION cases_decisionduty_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_decisionduty_no_update_delete ON cases_decisionduty;
DROP FUNCTION IF EXISTS cases_decisionduty_immutable();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_decision_no_truncate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DecisionDuty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('duty', models.CharField(help_text="The engine's duty id, e.g. give_detainer_copy.", max_length=64)),
                ('done', models.BooleanField(default=False)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('recorded_at', models.DateTimeField()),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='duty_marks', to='cases.decision')),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['recorded_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('done', False), ('done_at__isnull', True), ('done_by__isnull', True)), models.Q(('done', True), ('done_at__isnull', False), ('done_by__isnull', False)), _connector='OR'), name='decision_duty_done_has_who_and_when')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
