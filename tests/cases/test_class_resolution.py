"""A conviction's felony class for display: the rule engine's catalogue look-up, built from
the database's Offense rows (seeded from ct_offenses.csv)."""

import datetime as dt

import pytest

from cases.catalogue.classes import resolve_class, resolve_classes
from cases.catalogue.provider import build_catalogue
from cases.catalogue.services import offense_save
from cases.custody.selectors import convictions_of
from cases.models import Conviction, Offense
from tests.factories import ConvictionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _resolve(**fields):
    return resolve_class(Conviction(**{"statute": "53a-55", **fields}), build_catalogue())


def test_a_subdivision_row_gives_its_class():
    found = _resolve(statute="53a-70", subdivision="a2")
    assert found.felony_class == "A"
    assert found.confidence == "high"
    assert found.label == "Class A (catalogue, high confidence)"
    assert "victim under 13" in found.title
    assert not found.needs_review


@pytest.mark.parametrize(("age", "expected"), [(15, "A")])
def test_a_victim_age_row_applies_only_when_its_condition_holds(age, expected):
    found = _resolve(statute="53a-70", subdivision="a1", victim_age=age)
    assert found.felony_class == expected
    assert found.label == f"Class {expected} (catalogue, high confidence)"


def test_a_failed_victim_age_row_leaves_the_plain_row_of_its_subdivision():
    # The v2 catalogue (data migration 0014) has "53a-70,a1,,B" beside the victim_age<16 row.
    found = _resolve(statute="53a-70", subdivision="a1", victim_age=17)
    assert found.felony_class == "B"


def test_a_missing_victim_age_asks_for_it():
    found = _resolve(statute="53a-70", subdivision="a1")
    assert found.felony_class is None
    assert found.needs_victim_age and found.needs_review
    assert found.label.startswith("Depends on the victim's age — enter it")


def test_a_statute_the_catalogue_lacks_is_unknown():
    found = _resolve(statute="53a-999")
    assert found.felony_class is None
    assert found.label == "Unknown: no catalogue row — needs review"
    assert found.needs_review


def test_a_low_confidence_row_is_unknown():
    found = _resolve(statute="53a-192a")  # the row before 2017-10-01 is low confidence
    assert found.felony_class is None
    assert found.label == "Unknown: catalogue row is low confidence — needs review"
    assert found.title == "Trafficking in persons (before P.A. 17-32)"
    assert found.confidence == "low"


def test_a_class_entered_by_hand_wins_and_shows_its_reason():
    found = _resolve(
        statute="53a-999", felony_class_override="C", override_reason="NY PL 120.05, class D in NY"
    )
    assert found.felony_class == "C"
    assert found.confidence == "entered by hand"
    assert found.label == "Class C (entered by hand)"
    assert "NY PL 120.05" in found.explanation


def test_a_misdemeanor_entered_by_hand_is_named_so():
    found = _resolve(felony_class_override="misdemeanor", override_reason="court record")
    assert found.label == "Misdemeanor (entered by hand)"


def test_statute_and_subdivision_are_read_loosely():
    assert _resolve(statute="53A-70", subdivision="(a)(2)").felony_class == "A"


def test_a_catalogue_correction_takes_effect_at_once(steward):
    assert _resolve(statute="53a-60b").felony_class == "D"
    offense = Offense.objects.get(statute="53a-60b", subdivision="", condition="")
    offense_save(offense=offense, data={"felony_class": "C"}, acting_user=steward)
    assert _resolve(statute="53a-60b").felony_class == "C"


def _page_classes(person):
    return [cls.felony_class for _, cls in resolve_classes(convictions_of(person))]


def test_the_catalogue_is_reused_until_a_row_changes(agency, steward, django_assert_num_queries):
    person = PersonFactory(agency=agency)
    ConvictionFactory(person=person, statute="53a-60b")
    _page_classes(person)  # the catalogue is built
    with django_assert_num_queries(1):  # the convictions only
        assert _page_classes(person) == ["D"]
    offense = Offense.objects.get(statute="53a-60b", subdivision="", condition="")
    offense_save(offense=offense, data={"felony_class": "C"}, acting_user=steward)
    with django_assert_num_queries(3):  # the convictions, and the catalogue again (offenses, candidates)
        assert _page_classes(person) == ["C"]
    Offense.objects.filter(statute="53a-60b").delete()
    assert _page_classes(person) == [None]


def test_no_catalogue_query_without_convictions(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert resolve_classes([]) == []


def test_attempted_murder_is_class_b_by_53a_51():
    found = _resolve(statute="53a-54a", participation="attempt", offense_date=dt.date(2011, 6, 30))
    assert found.felony_class == "B"
    assert "§ 53a-51" in found.explanation and "class B" in found.explanation


def test_the_offense_date_picks_the_class_in_force():
    assert _resolve(statute="53a-54b", offense_date=dt.date(2010, 1, 1)).felony_class == "capital"
    assert _resolve(statute="53a-54b", offense_date=dt.date(2013, 1, 1)).felony_class == "A"
