"""Kinds and relevance checkers are registered by the apps: the floor knows none of them,
and a clash or a kind too long for its column fails at start-up, not in production."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from tests.notifications.conftest import ParcelKind
from trustportal.notifications import kinds, relevance


def test_the_apps_register_their_kinds_and_the_floor_shows_their_labels():
    assert kinds.is_registered("decision_due") and kinds.is_registered("training_overdue")
    assert kinds.label_of("hold_expired") == "Hold limit reached: release now"
    assert kinds.label_of("certificate_expiring") == "Certificate expiring"
    assert kinds.label_of("unknown_kind") == "unknown_kind"
    assert ("parcel_due", "Parcel due") in kinds.choices()


def test_registering_the_same_kinds_again_is_harmless_but_a_clash_is_refused():
    kinds.register(ParcelKind)

    class Clash(models.TextChoices):
        DUE = "parcel_due", "Something else"

    class TooLong(models.TextChoices):
        LONG = "a_kind_name_longer_than_the_column", "Long"

    with pytest.raises(ImproperlyConfigured):
        kinds.register(Clash)
    with pytest.raises(ImproperlyConfigured):
        kinds.register(TooLong)
    assert kinds.label_of("parcel_due") == "Parcel due"


def test_cases_and_training_register_a_checker_for_their_target_types():
    from cases import reminder_relevance
    from training import reminders as training_reminders

    for target_type in ("cases.custodycase", "cases.detainer", "cases.decision"):
        assert relevance._CHECKERS[target_type] is reminder_relevance.reasons_gone
    for target_type in ("training.assignment", "training.certificate"):
        assert relevance._CHECKERS[target_type] is training_reminders.reasons_gone


def test_two_checkers_for_one_target_type_are_refused(monkeypatch):
    monkeypatch.setattr(relevance, "_CHECKERS", {})

    def first(reminders):
        return {}

    def second(reminders):
        return {}

    relevance.register(first, target_types=["parcels.parcel"])
    relevance.register(first, target_types=["parcels.parcel"])
    with pytest.raises(ImproperlyConfigured):
        relevance.register(second, target_types=["parcels.parcel"])
    assert relevance.reasons_gone([]) == {}
