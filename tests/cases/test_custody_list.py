"""The custody list: who is in custody now, search, filters, sorting, pages and CSV export."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from cases.models import CaseStatus, DetainerStatus
from tests.factories import CustodyCaseFactory, DetainerFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/cases/"


def _case(agency, last="Quintero", first="Ana", **kwargs):
    person_fields = {k: kwargs.pop(k) for k in ("aliases", "a_number", "date_of_birth") if k in kwargs}
    person = PersonFactory(agency=agency, last_name=last, first_name=first, **person_fields)
    return CustodyCaseFactory(person=person, **kwargs)


def _closed(agency, last, status=CaseStatus.RELEASED):
    return _case(agency, last=last, status=status, closed_at=timezone.now(), closure_reason="bond")


def _rows(page) -> list[str]:
    return page.content.decode().split('data-testid="custody-row"')[1:]


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _page(desk, **params):
    response = desk.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_who_is_in_custody_now_by_default(desk, agency):
    _case(agency, last="Inside")
    _closed(agency, "Released")
    page = _page(desk)
    assert "Inside" in page
    assert "Released, " not in page


def test_it_shows_every_status_when_asked(desk, agency):
    _case(agency, last="Inside")
    _closed(agency, "Gone")
    page = _page(desk, status="")
    assert "Inside" in page and "Gone" in page
    page = _page(desk, status="released")
    assert "Gone" in page and "Inside" not in page


def test_it_lists_only_the_agencys_own_cases(desk, agency, other_agency):
    _case(agency, last="Ours")
    _case(other_agency, last="Theirs")
    page = _page(desk)
    assert "Ours" in page
    assert "Theirs" not in page


def test_it_shows_the_columns(desk, agency):
    case = _case(agency, last="Columns", a_number="A012345678", releasable_at=timezone.now())
    DetainerFactory(case=case)
    page = _page(desk)
    for text in (
        "Columns, Ana",
        "17 May 1990",  # the app's one date format
        case.booking_number,
        "Central lock-up",
        "In custody",
        "A012345678",
    ):
        assert text in page
    assert '<span class="badge text-bg-warning">1</span>' in page


@pytest.mark.parametrize("query", ["Quintero", "quint", "Ana Quintero", "Quintero, Ana", "El Flaco"])
def test_it_finds_by_name_or_alias(desk, agency, query):
    _case(agency, aliases="Juan Perez\nEl Flaco")
    _case(agency, last="Other", first="Person")
    page = _page(desk, q=query)
    assert "Quintero, Ana" in page
    assert "Other, Person" not in page


def test_it_finds_by_booking_number(desk, agency):
    case = _case(agency, booking_number="HPD-2026-0042")
    _case(agency, last="Other", first="Person")
    page = _page(desk, q="hpd-2026-0042")
    assert case.booking_number in page
    assert "Other, Person" not in page


@pytest.mark.parametrize("query", ["A012345678", "a012345678", "012-345-678", "A 012 345 678", "12345678"])
def test_it_finds_by_a_number_in_any_shape(desk, agency, query):
    _case(agency, a_number="A012345678")
    _case(agency, last="Other", first="Person")
    page = _page(desk, q=query)
    assert "Quintero, Ana" in page
    assert "Other, Person" not in page


@pytest.mark.parametrize("query", ["1984-02-29", "02/29/1984"])
def test_it_finds_by_date_of_birth(desk, agency, query):
    _case(agency, date_of_birth=dt.date(1984, 2, 29))
    _case(agency, last="Other", first="Person")
    page = _page(desk, q=query)
    assert "Quintero, Ana" in page
    assert "Other, Person" not in page


def test_it_filters_on_open_detainers(desk, agency):
    with_detainer = _case(agency, last="Held")
    DetainerFactory(case=with_detainer)
    lapsed = _case(agency, last="Lapsed")
    DetainerFactory(case=lapsed, status=DetainerStatus.LAPSED)
    _case(agency, last="Free")
    yes = _page(desk, open_detainer="yes")
    assert "Held" in yes and "Lapsed" not in yes and "Free" not in yes
    no = _page(desk, open_detainer="no")
    assert "Held" not in no and "Lapsed" in no and "Free" in no


def test_it_filters_on_releasable_today(desk, agency):
    _case(agency, last="Today", releasable_at=timezone.now())
    _case(agency, last="Later", releasable_at=timezone.now() + dt.timedelta(days=2))
    _case(agency, last="Unset")
    yes = _page(desk, releasable_today="yes")
    assert "Today" in yes and "Later" not in yes and "Unset" not in yes
    no = _page(desk, releasable_today="no")
    assert "Today" not in no and "Later" in no and "Unset" in no


def _order(page, names):
    return sorted(names, key=page.index)


def test_it_sorts_by_name_booking_time_and_release_time(desk, agency):
    now = timezone.now()
    _case(
        agency, last="Alpha", booked_at=now - dt.timedelta(hours=1), releasable_at=now + dt.timedelta(hours=9)
    )
    _case(
        agency, last="Bravo", booked_at=now - dt.timedelta(hours=3), releasable_at=now + dt.timedelta(hours=1)
    )
    _case(agency, last="Charlie", booked_at=now - dt.timedelta(hours=2))
    names = ["Alpha,", "Bravo,", "Charlie,"]
    assert _order(_page(desk, o="name"), names) == ["Alpha,", "Bravo,", "Charlie,"]
    assert _order(_page(desk, o="-name"), names) == ["Charlie,", "Bravo,", "Alpha,"]
    assert _order(_page(desk, o="booked_at"), names) == ["Bravo,", "Charlie,", "Alpha,"]
    assert _order(_page(desk), names) == ["Alpha,", "Charlie,", "Bravo,"]  # newest booking first
    assert _order(_page(desk, o="releasable_at"), names) == ["Bravo,", "Alpha,", "Charlie,"]  # unset last
    assert _order(_page(desk, o="-releasable_at"), names) == ["Alpha,", "Bravo,", "Charlie,"]


def test_it_pages_by_fifty(desk, agency):
    for i in range(51):
        _case(agency, last=f"Person{i:02d}")
    first = desk.get(URL, {"o": "name"})
    assert len(_rows(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = desk.get(URL, {"o": "name", "page": 2})
    assert len(_rows(second)) == 1
    assert "Person50" in second.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"o": "password"},
        {"o": "-person__a_number;drop"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"status": "nonsense"},
        {"open_detainer": "maybe"},
        {"releasable_today": "1' OR 1=1"},
        {"q": "x" * 5000},
        {"q": "13/45/2020"},
        {"q": "2020-02-30"},
        {"q": "A" + "9" * 40},
        {"q": "%_\\'\""},
        {"q": "\x00"},
    ],
)
def test_it_never_fails_on_odd_input(desk, agency, params):
    _case(agency)
    assert desk.get(URL, params).status_code == 200


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_it_exports_every_filtered_row_as_csv(desk, agency, other_agency):
    for i in range(55):
        _case(agency, last=f"Row{i:02d}")
    _closed(agency, "Released")
    _case(other_agency, last="Theirs")
    response = desk.get(URL, {"format": "csv", "o": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:3] == ["Name", "Date of birth", "Booking number"]
    names = [r[0] for r in rows[1:]]
    assert len(names) == 55  # every row, not one page; in custody only; own agency only
    assert names[0] == "Row00, Ana"


def test_it_exports_the_same_filters(desk, agency):
    held = _case(agency, last="Held", a_number="A012345678")
    DetainerFactory(case=held)
    _case(agency, last="Free")
    rows = _csv(desk.get(URL, {"format": "csv", "open_detainer": "yes"}))
    assert len(rows) == 2
    assert rows[1][0] == "Held, Ana"
    assert rows[1][7] == "1"
    assert rows[1][8] == "A012345678"


def test_it_neutralises_spreadsheet_formulas_in_the_csv(desk, agency):
    _case(agency, last='=HYPERLINK("http://evil")', first="+cmd", facility="@SUM(A1)", booking_number="-2+3")
    row = _csv(desk.get(URL, {"format": "csv"}))[1]
    assert row[0] == '\'=HYPERLINK("http://evil"), +cmd'
    assert row[2] == "'-2+3"
    assert row[4] == "'@SUM(A1)"


def test_the_export_is_audited(desk, agency):
    from trustportal.audit.models import AuditEvent

    _case(agency)
    b"".join(desk.get(URL, {"format": "csv", "q": "Quintero"}).streaming_content)
    event = AuditEvent.objects.get(action="case.export")
    assert "Quintero" in event.details["query"]


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "agency_admin", "auditor"])
def test_case_roles_see_the_list(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"format": "csv"}).status_code == 200


def test_trainers_may_not_see_the_list(client, sign_in, trainer):
    sign_in(trainer)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_typed_text_in_the_rows_is_escaped(desk, agency):
    _case(agency, last="<i>Ital</i>", first="A&B", booking_number="<b>42</b>", facility='"Annex" <2>')
    (row,) = _rows(desk.get(URL))
    assert "&lt;i&gt;Ital&lt;/i&gt;, A&amp;B" in row
    assert "&lt;b&gt;42&lt;/b&gt;" in row and "&quot;Annex&quot; &lt;2&gt;" in row
    assert "<i>" not in row and "<b>" not in row


def test_each_row_links_to_its_case_with_its_status_badge(desk, agency):
    inside = _case(agency, last="Inside")
    gone = _closed(agency, "Gone", status=CaseStatus.TRANSFERRED_ICE)
    rows = _rows(desk.get(URL, {"status": "", "o": "name"}))
    assert f'href="/cases/{gone.pk}/"' in rows[0] and f'href="/cases/{inside.pk}/"' in rows[1]
    assert '<span class="badge text-bg-info" data-testid="case-status">Transferred to ICE</span>' in rows[0]
    assert '<span class="badge text-bg-primary" data-testid="case-status">In custody</span>' in rows[1]


def test_a_row_reads_in_full(desk, agency):
    """The row as the list writes it (list_rows.py makes it from the page's tuples): name and
    link, the app's date and date-time formats in New York time with the zone, the status
    badge, the open detainers (decided counts, lapsed does not) and a dash for what is missing."""
    case = _case(
        agency,
        last="Núñez",
        first="José",
        a_number="A012345678",
        date_of_birth=dt.date(1988, 4, 2),
        booking_number="HPD-7",
        facility="Annex",
        booked_at=dt.datetime(2026, 3, 8, 6, 59, tzinfo=dt.UTC),  # 01:59 EST, then the clocks go forward
        releasable_at=dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC),  # 01:30 EST, the second one
    )
    DetainerFactory(case=case)
    DetainerFactory(case=case, status=DetainerStatus.DECIDED)
    DetainerFactory(case=case, status=DetainerStatus.LAPSED)
    bare = _case(agency, last="Bare", first="Bo", a_number="", date_of_birth=dt.date(1970, 12, 31))
    full, empty = _rows(desk.get(URL, {"o": "-name"}))
    assert full.split("</tr>")[0] == (
        f'>\n      <td><a href="/cases/{case.pk}/">Núñez, José</a></td>\n'
        '      <td class="text-nowrap">02 Apr 1988</td>\n'
        "      <td>HPD-7</td>\n"
        '      <td class="text-nowrap">Sun 08 Mar 2026 01:59 EST</td>\n'
        "      <td>Annex</td>\n"
        '      <td><span class="badge text-bg-primary" data-testid="case-status">In custody</span></td>\n'
        '      <td class="text-nowrap">Sun 01 Nov 2026 01:30 EST</td>\n'
        '      <td class="text-end"><span class="badge text-bg-warning">2</span></td>\n'
        '      <td class="text-nowrap">A012345678</td>\n'
        "    "
    )
    assert f'<a href="/cases/{bare.pk}/">Bare, Bo</a>' in empty and "31 Dec 1970" in empty
    dash, none = '<td class="text-nowrap">—</td>', '<td class="text-end">0</td>'
    assert f"{dash}\n      {none}\n      {dash}" in empty


def test_the_filter_selects_read_as_djangos_own(desk, agency):
    """The filters' selects are written in Python (QuickSelect): the same text as Django's
    template-rendered select, a chosen value selected, a bad one leaving none selected."""
    from django import forms

    from cases.custody.filters import CustodyFilter
    from cases.models import CustodyCase

    for params in ({}, {"status": "released", "o": "name", "open_detainer": "no"}, {"status": "nonsense"}):
        form = CustodyFilter(params, queryset=CustodyCase.objects.none()).form
        form.is_valid()
        for name in ("status", "open_detainer", "releasable_today", "o"):
            field = form[name]
            django_select = forms.Select(attrs=field.field.widget.attrs, choices=field.field.widget.choices)
            assert str(field) == field.as_widget(widget=django_select)
            assert str(field) in _page(desk, **params)
