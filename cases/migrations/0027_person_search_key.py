"""The people's name surname first, normalised (``person_search_key``), and on PostgreSQL a
btree on (agency, search_key) in the "C" collation (byte order: a LIKE 'smith%' prefix is a range
of it, and ORDER BY search_key is its order) that serves the custody search's prefix match
without the trigram index: a common surname's namesakes read in index order, only as many as
the search reads (cases.custody.selectors.people_searched)."""

from django.db import migrations, models

from cases.models.people import person_search_key

KEY_INDEX = "person_search_key_idx"
BATCH = 5_000
UPDATE_SQL = (
    "UPDATE cases_person p SET search_key = v.key FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) "
    "WHERE p.id = v.id"
)


def backfill(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    connection = schema_editor.connection
    rows = Person.objects.using(connection.alias).order_by("pk")
    rows = list(rows.values_list("pk", "first_name", "middle_name", "last_name"))
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        keys = [person_search_key(first_name=f, middle_name=m, last_name=la) for _pk, f, m, la in chunk]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(UPDATE_SQL, [[pk for pk, *_ in chunk], keys])
        else:
            people = [Person(pk=pk, search_key=key) for (pk, *_), key in zip(chunk, keys, strict=True)]
            Person.objects.using(connection.alias).bulk_update(people, ["search_key"])


def key_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE cases_person ALTER COLUMN search_key TYPE text COLLATE "C"')
        schema_editor.execute(f"CREATE INDEX {KEY_INDEX} ON cases_person (agency_id, search_key) INCLUDE (id)")


def drop_key_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {KEY_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0026_board_release_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(key_index, drop_key_index),
    ]
