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


def test_the_apps_format_spelled_out_reads_as_djangos_own_formatter_says():
    """local_datetime_text spells the app's one format out (a list prints 100 of them); it
    must read exactly as dateformat does, zone and fall-night hours included."""
    from django.utils import dateformat
    from django.utils import timezone as tz

    from trustportal.common.views import local_datetime_text

    start = dt.datetime(2026, 1, 1, 0, 7, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(hours=37 * n, minutes=n) for n in range(300)]
    moments += [
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC),
    ]
    moments += [dt.datetime(2026, 3, 8, 6, 59, tzinfo=dt.UTC), dt.datetime(2026, 3, 8, 7, 0, tzinfo=dt.UTC)]
    for moment in moments:
        local = tz.localtime(moment)
        expected = f"{dateformat.format(local, 'D d M Y H:i')} {local.tzname()}"
        assert local_datetime_text(moment) == expected


def test_a_pages_formatters_read_as_the_one_helper():
    """local_datetime_texts() and date_texts() (a list's many values, the names looked up once)
    read as local_datetime_text and date_text, in English and in Spanish."""
    from django.utils import dateformat, translation

    from trustportal.common.views import date_text, date_texts, local_datetime_text, local_datetime_texts

    start = dt.datetime(2026, 1, 1, 0, 7, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(hours=37 * n, minutes=n) for n in range(300)] + [FIRST_0130, SECOND_0130]
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=13 * n) for n in range(60)]
    for language in ("en", "es"):
        with translation.override(language):
            moment_text, day_text = local_datetime_texts(), date_texts()
            assert [moment_text(m) for m in moments] == [local_datetime_text(m) for m in moments]
            assert [day_text(d) for d in days] == [date_text(d) for d in days]
            assert day_text(None) == date_text(None) == ""
            if language == "es":  # Spanish names, not the English ones kept from before
                assert day_text(dt.date(2026, 1, 5)) == dateformat.format(dt.date(2026, 1, 5), "d M Y")
