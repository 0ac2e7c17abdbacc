"""The people search column (names and aliases without accents, lower case) and the indexes
that serve the search boxes: a GIN trigram index on it (PostgreSQL only, with pg_trgm), the
booking number compared without case and spaces, and people by date of birth (duplicates)."""

import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from cases.models.people import person_search_text

TRIGRAM_INDEX = "person_search_trgm"


class TrigramExtensionKept(TrigramExtension):
    """pg_trgm on PostgreSQL (nothing elsewhere). Unmigrating keeps it: Django's own backwards
    step queries pg_extension even on SQLite, and dropping an extension is for a DBA."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return


def backfill(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    batch = []
    for person in Person.objects.using(schema_editor.connection.alias).order_by("pk").iterator(chunk_size=2000):
        person.search_text = person_search_text(
            first_name=person.first_name,
            middle_name=person.middle_name,
            last_name=person.last_name,
            aliases=person.aliases,
        )
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["search_text"])
            batch = []
    Person.objects.bulk_update(batch, ["search_text"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {TRIGRAM_INDEX} ON cases_person USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_import_jobs_catalogue_proposals"),
    ]

    operations = [
        # PostgreSQL only (the operation does nothing elsewhere). pg_trgm is a trusted
        # extension: the database owner that runs the migrations may create it.
        TrigramExtensionKept(),
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.AddIndex(
            model_name="custodycase",
            index=models.Index(
                django.db.models.functions.text.Upper(
                    django.db.models.functions.text.Replace(
                        models.F("booking_number"), models.Value(" "), models.Value("")
                    )
                ),
                name="case_booking_key",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["agency", "date_of_birth"], name="person_agency_dob"),
        ),
    ]
