"""The statewide role "Catalogue steward": the only one who edits the offense catalogue.
What it may do is decided in accounts/roles.py; the system administrator grants it."""

from django.db import migrations

ROLE = "Catalogue steward"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_agency_head_role")]
    operations = [migrations.RunPython(create_role, remove_role)]
