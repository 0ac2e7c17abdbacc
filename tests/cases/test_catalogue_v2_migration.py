"""The data migration that brings the catalogue to version 2 (cases/migrations/0014)."""

import importlib

import pytest
from django.apps import apps

from cases.catalogue.services import offense_save
from cases.models import Candidate2025, CatalogueImport, Offense

V1_SEED = importlib.import_module("cases.migrations.0002_seed_catalogue")
TO_V2 = importlib.import_module("cases.migrations.0014_catalogue_v2_data")

pytestmark = pytest.mark.django_db


def _back_to_v1():
    Offense.objects.all().delete()
    Candidate2025.objects.all().delete()
    V1_SEED.seed(apps, None)


def test_a_fresh_database_has_the_107_rows_of_version_2():
    assert Offense.objects.count() == 107
    assert Offense.objects.filter(statute="53a-54b").count() == 2
    capital = Offense.objects.get(statute="53a-54b", felony_class="capital")
    assert capital.effective_to.isoformat() == "2012-04-24" and capital.source.startswith("text:")
    assert not Candidate2025.objects.filter(evidence="").exists()


def test_a_row_the_steward_corrected_or_added_is_kept_and_reported(steward, capsys):
    _back_to_v1()
    corrected = Offense.objects.get(statute="53a-60", condition="")
    offense_save(
        offense=corrected, data={"felony_class": "C", "title": "Counsel says C"}, acting_user=steward
    )
    added = offense_save(
        offense=Offense(), acting_user=steward,
        data={"statute": "53a-999", "felony_class": "B", "title": "Local row", "confidence": "high"},
    )  # fmt: skip
    TO_V2.to_v2(apps, None)
    corrected.refresh_from_db()
    assert (corrected.felony_class, corrected.title) == ("C", "Counsel says C")
    assert Offense.objects.filter(pk=added.pk).exists()
    # the v2 rows of the corrected key are not added beside it; the other v2 rows are
    assert Offense.objects.filter(statute="53a-60", condition="").count() == 1
    assert Offense.objects.filter(statute="53a-60", condition="serious_physical_injury").exists()
    assert Offense.objects.count() == 107 - 1 + 2
    report = CatalogueImport.objects.first()
    assert len(report.kept) == 2 and "Counsel says C" in report.note
    assert "Counsel says C" in capsys.readouterr().out
