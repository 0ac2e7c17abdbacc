"""Seed the offense catalogue and the 2025 candidate list from the version-1 CSVs.

The rows are read from frozen copies beside this migration (``data/*_v1.csv``, the files
cases/data/ held when it was written), so the database history stays reproducible now
that cases/data/ ships the version-2 catalogue (effective dates, sources) for the engine.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data"


def seed(apps, schema_editor):
    Offense = apps.get_model("cases", "Offense")
    Candidate2025 = apps.get_model("cases", "Candidate2025")
    if Offense.objects.exists() or Candidate2025.objects.exists():
        return  # already seeded (a later migration may have brought it to a newer version)
    with open(DATA / "ct_offenses_v1.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Offense.objects.get_or_create(
                statute=row["statute"].strip(), subdivision=row["subdivision"].strip(),
                condition=row["condition"].strip().replace(" ", ""),
                defaults={"felony_class": row["felony_class"].strip(), "title": row["title"].strip(),
                          "confidence": row["confidence"].strip()},
            )
    with open(DATA / "ct_2025_candidates_v1.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Candidate2025.objects.get_or_create(
                statute=row["statute"].strip(), subdivision=row["subdivision"].strip(),
                defaults={"title": row["title"].strip(), "status": row["status"].strip()},
            )


def unseed(apps, schema_editor):
    apps.get_model("cases", "Offense").objects.all().delete()
    apps.get_model("cases", "Candidate2025").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
