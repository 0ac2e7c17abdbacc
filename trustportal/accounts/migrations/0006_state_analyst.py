"""The statewide role "State analyst" (OPM, the Division of Criminal Justice): the dashboard and
the policy impact across agencies, aggregated only. What it may do is decided in
accounts/roles.py; the system administrator grants it."""

from django.db import migrations

ROLE = "State analyst"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_catalogue_steward")]
    operations = [migrations.RunPython(create_role, remove_role)]
