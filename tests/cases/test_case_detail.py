"""The case page, its timeline, the person page and its history, and editing a booking or a
person: what each role sees, what is audited, and 404 for another agency's records."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.custody import services
from cases.detainers import services as detainer_services
from cases.models import CaseStatus, DetainerStatus, ReleasableReason
from tests.factories import (
    ChargeFactory,
    ConvictionFactory,
    CustodyCaseFactory,
    DetainerFactory,
    IceAccessFactory,
    PersonFactory,
)
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency, desk_officer):
    person = PersonFactory(
        agency=agency,
        last_name="Quintero",
        first_name="Ana",
        aliases="El Flaco",
        a_number="A012345678",
        state_id="SPBI-77",
        fbi_number="FBI-123",
        created_by=desk_officer,
    )
    return CustodyCaseFactory(
        person=person,
        booking_number="HPD-100",
        created_by=desk_officer,
        gang_database_match=True,
        facts_note="Checked NCIC at 10:00",
        releasable_at=timezone.now() - dt.timedelta(hours=1),
        releasable_reason=ReleasableReason.BOND_POSTED,
        releasable_note="Bond posted by family",
    )


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


# --- the case page ---------------------------------------------------------------------------


def test_the_case_page_shows_person_booking_and_facts(desk, case):
    page = _get(desk, f"/cases/{case.pk}/")
    assert f'href="/cases/people/{case.person.pk}/"' in page
    for text in (
        "Ana Quintero",
        "HPD-100",
        "Central lock-up",
        "Ofc. Rivera",
        "Bond posted",
        "Bond posted by family",
        "Checked NCIC at 10:00",
        "A012345678",
    ):
        assert text in page
    assert "Yes:</span> Known gang member" in page
    assert "No:</span> Outstanding Connecticut arrest warrant" in page


def test_the_case_page_lists_charges_convictions_and_detainers(desk, case):
    ChargeFactory(case=case, statute="53a-60", subdivision="a1", bond_amount=5000)
    ConvictionFactory(person=case.person, statute="53a-70", subdivision="a2")
    ConvictionFactory(person=case.person, statute="53a-999", description="Made-up offense")
    detainer = DetainerFactory(case=case)
    page = _get(desk, f"/cases/{case.pk}/")
    assert "§ 53a-60(a1)" in page and "$5,000.00" in page
    assert "Class A (catalogue, high confidence)" in page
    assert "Unknown: no catalogue row — needs review" in page
    assert f'href="/cases/detainers/{detainer.pk}/"' in page
    assert f'href="/cases/{case.pk}/detainers/new/"' in page
    assert f'hx-get="/cases/{case.pk}/timeline/"' in page


def test_viewing_a_case_is_audited(desk, case, desk_officer):
    _get(desk, f"/cases/{case.pk}/")
    event = AuditEvent.objects.get(action="case.view")
    assert (event.actor, event.object_id, event.agency) == (desk_officer, str(case.pk), case.agency)


def test_a_closed_case_offers_no_changes(desk, case):
    CustodyCaseFactory._meta.model.objects.filter(pk=case.pk).update(
        status=CaseStatus.RELEASED, closed_at=timezone.now(), closure_reason="Bond"
    )
    page = _get(desk, f"/cases/{case.pk}/")
    assert "Released" in page
    assert 'data-testid="case-release"' not in page
    assert 'data-testid="detainer-log"' not in page


def test_auditors_read_but_get_no_buttons(client, sign_in, auditor, case):
    sign_in(auditor)
    page = _get(client, f"/cases/{case.pk}/")
    assert "HPD-100" in page
    assert 'data-testid="case-actions"' not in page
    assert 'data-testid="charge-add"' not in page


# --- the timeline ----------------------------------------------------------------------------


def test_the_timeline_shows_every_event_in_order(desk, case, desk_officer):
    now = timezone.now()
    services.charge_add(
        case=case, data={"statute": "53a-60", "description": "Assault 2"}, acting_user=desk_officer
    )
    services.conviction_add(person=case.person, data={"statute": "53a-55"}, acting_user=desk_officer)
    detainer = DetainerFactory(
        case=case, received_at=now - dt.timedelta(hours=4), served_at=now - dt.timedelta(hours=3)
    )
    IceAccessFactory(
        detainer=detainer,
        at=now - dt.timedelta(hours=2),
        communication="ERO asked for the release time",
        recorded_by=desk_officer,
    )
    detainer_services.detainer_set_status(
        detainer=detainer, status=DetainerStatus.DECIDED, acting_user=desk_officer
    )
    services.case_release(case=case, at=now, reason="Bond posted", acting_user=desk_officer)
    page = _get(desk, f"/cases/{case.pk}/timeline/")
    expected = [
        "Booked",
        "Detainer received",
        "Detainer served on the person",
        "ICE access (A) Responded to a detainer",
        "Charge added",
        "Conviction recorded",
        "Detainer status changed",
        "Released",
    ]
    positions = [page.index(f'<span class="fw-semibold">{what}') for what in expected]
    assert positions[:4] == sorted(positions[:4])
    assert all(p > positions[3] for p in positions[4:])
    assert "ERO asked for the release time" in page
    assert "open → decided" in page
    assert "<html" in page  # a page of its own without htmx


def test_the_timeline_is_a_fragment_for_htmx(desk, case):
    page = desk.get(f"/cases/{case.pk}/timeline/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in page
    assert 'data-testid="timeline"' in page


def test_the_timeline_shows_only_this_cases_events(desk, case, agency, desk_officer):
    other = CustodyCaseFactory(person=PersonFactory(agency=agency))
    services.charge_add(
        case=other, data={"statute": "53a-61", "description": "Not this one"}, acting_user=desk_officer
    )
    assert "Not this one" not in _get(desk, f"/cases/{case.pk}/timeline/")


# --- the person page -------------------------------------------------------------------------


def test_the_person_page_shows_identity_bookings_and_convictions(desk, case):
    ConvictionFactory(person=case.person, statute="53a-192a")
    page = _get(desk, f"/cases/people/{case.person.pk}/")
    for text in (
        "Quintero",
        "El Flaco",
        "17 May 1990",  # the app's one date format
        "Male",
        "Mexico",
        "SPBI-77",
        "FBI-123",
        "A012345678",
        "HPD-100",
        "Unknown: catalogue row is low confidence — needs review",
        "Trafficking in persons",
    ):
        assert text in page
    assert f'href="/cases/{case.pk}/"' in page


def test_viewing_a_person_is_audited(desk, case, desk_officer):
    _get(desk, f"/cases/people/{case.person.pk}/")
    event = AuditEvent.objects.get(action="person.view")
    assert (event.actor, event.object_type, event.object_id) == (
        desk_officer,
        "cases.person",
        str(case.person.pk),
    )


def test_the_person_history_shows_audit_events_and_versions(desk, case, desk_officer):
    services.person_update(person=case.person, data={"citizenship": "Guatemala"}, acting_user=desk_officer)
    _get(desk, f"/cases/people/{case.person.pk}/")
    page = _get(desk, f"/cases/people/{case.person.pk}/history/")
    assert "person.update" in page and "citizenship: Mexico → Guatemala" in page
    assert "person.view" in page
    assert page.count("Quintero, Ana") >= 2  # the versions
    fragment = desk.get(f"/cases/people/{case.person.pk}/history/", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()


# --- editing the booking and the person ----------------------------------------------------


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _case_form(case, **overrides) -> dict:
    data = {
        "booking_number": case.booking_number,
        "booked_at": _local(case.booked_at),
        "facility": case.facility,
        "arresting_officer": case.arresting_officer,
        "releasable_at": "",
        "releasable_reason": "",
        "releasable_note": "",
        "facts_note": "",
        "outstanding_ct_warrant": "on",
    }
    return {**data, **overrides}


def test_it_edits_the_booking_and_the_facts(desk, case):
    response = desk.post(
        f"/cases/{case.pk}/edit/", _case_form(case, facility="North block", facts_note="NCIC")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.facility, case.outstanding_ct_warrant, case.gang_database_match) == (
        "North block",
        True,
        False,
    )
    event = AuditEvent.objects.get(action="case.update")
    assert event.details["changes"]["facility"] == ["Central lock-up", "North block"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"releasable_at": "2000-01-01T10:00", "releasable_reason": "bond_posted"},
            "Release time must be after booking time.",
        ),
        ({"booked_at": "2999-01-01T10:00"}, "Booking time cannot be in the future."),
        ({"booked_at": "not a time"}, "Enter a date and time"),
        ({"booking_number": "x" * 100}, "at most 32 characters"),
    ],
)
def test_it_refuses_impossible_booking_changes(desk, case, overrides, message):
    response = desk.post(f"/cases/{case.pk}/edit/", _case_form(case, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.booking_number == "HPD-100"


def test_it_refuses_a_booking_number_used_by_another_case(desk, case, agency):
    CustodyCaseFactory(person=PersonFactory(agency=agency), booking_number="HPD-200")
    response = desk.post(f"/cases/{case.pk}/edit/", _case_form(case, booking_number="HPD-200"))
    assert "This booking number is already used in your agency." in response.content.decode()


def test_a_closed_case_cannot_be_edited(desk, case, desk_officer):
    services.case_release(case=case, at=timezone.now(), reason="Bond", acting_user=desk_officer)
    response = desk.post(f"/cases/{case.pk}/edit/", _case_form(case, facility="Changed"), follow=True)
    assert "This booking is closed (released); it can no longer be changed." in response.content.decode()
    case.refresh_from_db()
    assert case.facility == "Central lock-up"
    assert desk.get(f"/cases/{case.pk}/edit/").status_code == 302


def test_it_edits_a_persons_identity(desk, case):
    data = {
        "last_name": "Quintero",
        "first_name": "Ana María",
        "date_of_birth": "1990-05-17",
        "sex": "F",
        "a_number": "012-345-678",
        "aliases": "",
        "citizenship": "Mexico",
    }
    response = desk.post(f"/cases/people/{case.person.pk}/edit/", data)
    assert response.status_code == 302
    case.person.refresh_from_db()
    assert (case.person.first_name, case.person.sex, case.person.a_number) == ("Ana María", "F", "A012345678")
    assert AuditEvent.objects.filter(action="person.update").exists()


def test_a_person_cannot_take_another_persons_a_number(desk, case, agency):
    PersonFactory(agency=agency, a_number="A099999999")
    data = {
        "last_name": "Q",
        "first_name": "A",
        "date_of_birth": "1990-05-17",
        "sex": "F",
        "a_number": "A099999999",
    }
    response = desk.post(f"/cases/people/{case.person.pk}/edit/", data)
    assert "already has this A-number" in response.content.decode()
    case.person.refresh_from_db()
    assert case.person.a_number == "A012345678"


# --- roles and agencies --------------------------------------------------------------------

READ_URLS = [
    "/cases/{case}/",
    "/cases/{case}/timeline/",
    "/cases/people/{person}/",
    "/cases/people/{person}/history/",
]
WRITE_URLS = ["/cases/{case}/edit/", "/cases/people/{person}/edit/"]


def _urls(urls, case):
    return [u.format(case=case.pk, person=case.person.pk) for u in urls]


def test_trainers_see_nothing(client, sign_in, trainer, case):
    sign_in(trainer)
    for url in _urls(READ_URLS + WRITE_URLS, case):
        assert client.get(url).status_code == 403, url
    assert client.post(_urls(WRITE_URLS, case)[0], _case_form(case)).status_code == 403


@pytest.mark.parametrize("persona", ["auditor", "agency_admin", "supervisor"])
def test_case_roles_read_every_page(client, sign_in, request, persona, case):
    sign_in(request.getfixturevalue(persona))
    for url in _urls(READ_URLS, case):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["auditor", "agency_admin"])
def test_read_only_roles_may_not_edit(client, sign_in, request, persona, case):
    sign_in(request.getfixturevalue(persona))
    for url in _urls(WRITE_URLS, case):
        assert client.get(url).status_code == 403, url
        assert client.post(url, _case_form(case, facility="Changed")).status_code == 403, url
    case.refresh_from_db()
    assert case.facility == "Central lock-up"


def test_another_agency_gets_404_everywhere(client, sign_in, other_officer, case):
    sign_in(other_officer)
    for url in _urls(READ_URLS + WRITE_URLS, case):
        assert client.get(url).status_code == 404, url
        assert client.post(url, _case_form(case, facility="Changed")).status_code == 404, url
    assert not AuditEvent.objects.filter(action__in=["case.view", "person.view"]).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/cases/0/",
        "/cases/99999999999999999999/",
        "/cases/abc/",
        "/cases/people/-1/",
        "/cases/people/99999999999999999999/history/",
        "/cases/99999999999/timeline/",
    ],
)
def test_missing_records_are_404(desk, url):
    assert desk.get(url).status_code == 404
