"""Bring the offense catalogue and the 2025 candidates to version 2 (cases/data/*.csv).

A row still exactly as the version-1 seed left it (``data/ct_offenses_v1.csv``, no change by
a user in its history) is replaced by the version-2 rows (effective dates, sources). A row an
agency admin added or corrected is **kept** as it is, and the version-2 rows for the same
statute, subdivision and condition are then not added, so the admin's row is never shadowed
by a dated one; what was kept is printed and recorded in a ``CatalogueImport`` row for
counsel to review. Candidates: the evidence column is filled where empty, a pristine row
takes the version-2 title and status, an admin's row is kept, a new version-2 row is added.

The version-2 rows are read from ``cases/data/`` at the time the migration runs: the first
release that ships them is version 2. (A later catalogue version comes with its own
migration and its own frozen copy.)
"""

import csv
from pathlib import Path

from django.db import migrations

V1 = Path(__file__).resolve().parent / "data"
V2 = Path(__file__).resolve().parent.parent / "data"
OFFENSE_VALUES = ("felony_class", "title", "confidence")
VERSION = "ct_offenses.csv v2"


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _key(row):
    return (row["statute"], row["subdivision"], row["condition"].replace(" ", ""))


def _touched_by_user(model, apps, model_name):
    """Primary keys of rows whose history shows a change made by a user."""
    history = apps.get_model("cases", f"Historical{model_name}")
    return set(history.objects.filter(history_user__isnull=False).values_list("id", flat=True))


def _kept_offenses(apps):
    """The rows to keep (an admin added or corrected them), and the pristine rows."""
    Offense = apps.get_model("cases", "Offense")
    seed = {_key(r): tuple(r[f] for f in OFFENSE_VALUES) for r in _read(V1 / "ct_offenses_v1.csv")}
    touched = _touched_by_user(Offense, apps, "Offense")
    kept, pristine = [], []
    for offense in Offense.objects.all():
        key = (offense.statute, offense.subdivision, offense.condition)
        values = tuple(getattr(offense, f) for f in OFFENSE_VALUES)
        dated = offense.effective_from or offense.effective_to or offense.source
        if offense.pk in touched or seed.get(key) != values or dated:
            kept.append(offense)
        else:
            pristine.append(offense)
    return kept, pristine


def _describe(offense):
    sub = f"({offense.subdivision})" if offense.subdivision else ""
    cond = f" [{offense.condition}]" if offense.condition else ""
    return f"§ {offense.statute}{sub}{cond} {offense.title}: {offense.felony_class}, {offense.confidence}"


def _offense(Offense, row):
    return Offense(
        statute=row["statute"], subdivision=row["subdivision"], condition=row["condition"].replace(" ", ""),
        felony_class=row["felony_class"], title=row["title"], confidence=row["confidence"],
        effective_from=row["effective_from"] or None, effective_to=row["effective_to"] or None,
        source=row["source"],
    )  # fmt: skip


def offenses_to_v2(apps):
    Offense = apps.get_model("cases", "Offense")
    kept, pristine = _kept_offenses(apps)
    kept_keys = {(o.statute, o.subdivision, o.condition) for o in kept}
    Offense.objects.filter(pk__in=[o.pk for o in pristine]).delete()
    new = [_offense(Offense, r) for r in _read(V2 / "ct_offenses.csv") if _key(r) not in kept_keys]
    Offense.objects.bulk_create(new)
    skipped = sorted({_key(r) for r in _read(V2 / "ct_offenses.csv")} & kept_keys)
    return {"added": len(new), "replaced": len(pristine), "kept": [_describe(o) for o in kept],
            "skipped": [" ".join(k).strip() for k in skipped]}  # fmt: skip


def candidates_to_v2(apps):
    Candidate = apps.get_model("cases", "Candidate2025")
    seed = {(r["statute"], r["subdivision"]): r for r in _read(V1 / "ct_2025_candidates_v1.csv")}
    touched = _touched_by_user(Candidate, apps, "Candidate2025")
    kept = []
    for row in _read(V2 / "ct_2025_candidates.csv"):
        key = (row["statute"], row["subdivision"])
        current = Candidate.objects.filter(statute=key[0], subdivision=key[1]).first()
        if current is None:
            Candidate.objects.create(**{f: row[f] for f in ("statute", "subdivision", "title", "status", "evidence")})
            continue
        old = seed.get(key)
        pristine = current.pk not in touched and old and (current.title, current.status) == (old["title"], old["status"])
        if pristine:
            current.title, current.status = row["title"], row["status"]
        else:
            kept.append(f"§ {current.statute} {current.title} ({current.status})")
        current.evidence = current.evidence or row["evidence"]
        current.save()
    return kept


def to_v2(apps, schema_editor):
    report = offenses_to_v2(apps)
    candidates_kept = candidates_to_v2(apps)
    note = ""
    if report["kept"] or candidates_kept:
        note = (
            "Kept as an agency admin left them (review against version 2): "
            + "; ".join(report["kept"] + candidates_kept)
            + (". Version-2 rows not added because a kept row has the same key: "
               + "; ".join(report["skipped"]) if report["skipped"] else "")
        )  # fmt: skip
        print(f"\n  Offense catalogue v2: {note}")
    apps.get_model("cases", "CatalogueImport").objects.create(
        version=VERSION, added=report["added"], replaced=report["replaced"],
        kept=report["kept"] + candidates_kept, note=note,
    )  # fmt: skip


def to_v1(apps, schema_editor):
    """Back to the version-1 rows: the version-2 rows nobody changed go, the missing
    version-1 rows come back (a row an agency admin changed stays)."""
    Offense = apps.get_model("cases", "Offense")
    touched = _touched_by_user(Offense, apps, "Offense")
    v2 = {(*_key(r), r["effective_from"] or None, r["effective_to"] or None) for r in _read(V2 / "ct_offenses.csv")}
    for offense in Offense.objects.exclude(pk__in=touched):
        from_, to = (d.isoformat() if d else None for d in (offense.effective_from, offense.effective_to))
        if (offense.statute, offense.subdivision, offense.condition, from_, to) in v2:
            offense.delete()
    for row in _read(V1 / "ct_offenses_v1.csv"):
        key = dict(zip(("statute", "subdivision", "condition"), _key(row), strict=True))
        if not Offense.objects.filter(**key).exists():
            Offense.objects.create(**key, **{f: row[f] for f in OFFENSE_VALUES})


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_catalogue_v2_and_conviction_facts")]
    operations = [migrations.RunPython(to_v2, to_v1)]
