"""The agency head's role: reviews requests to be told a release date and time before anyone
answers them (C.G.S. § 54-192h(c))."""

from django.db import migrations

ROLE = "Agency head"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_must_change_password")]
    operations = [migrations.RunPython(create_role, remove_role)]
