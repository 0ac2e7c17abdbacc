"""Templates show date-times through the one helper: the zone is named even in the fall's
ambiguous hour, where Django's date filter leaves it blank."""

import datetime as dt

import pytest
from django.template import Context, Template

from tests.factories import CustodyCaseFactory

FIRST_0130 = dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT
SECOND_0130 = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)  # 01:30 EST, an hour later


def _render(value) -> str:
    return Template("{{ value|local_datetime }}").render(Context({"value": value}))


def test_the_two_0130s_of_the_fall_night_read_differently():
    assert _render(FIRST_0130) == "Sun 01 Nov 2026 01:30 EDT"
    assert _render(SECOND_0130) == "Sun 01 Nov 2026 01:30 EST"
    old = Template('{{ value|date:"DATETIME_FORMAT" }}')
    assert old.render(Context({"value": SECOND_0130})).strip().endswith("01:30")  # why the filter exists


@pytest.mark.parametrize("value, expected", [(None, ""), ("", ""), (dt.date(1988, 2, 14), "14 Feb 1988")])
def test_empty_values_and_dates(value, expected):
    assert _render(value) == expected


@pytest.mark.django_db
def test_a_page_shows_a_booking_in_the_ambiguous_hour_with_its_zone(client, sign_in, desk_officer, agency):
    case = CustodyCaseFactory(person__agency=agency, agency=agency, booked_at=SECOND_0130)
    sign_in(desk_officer)
    assert "Sun 01 Nov 2026 01:30 EST" in client.get(f"/cases/{case.pk}/").content.decode()
