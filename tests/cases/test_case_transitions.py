"""Release and transfer: a confirmation first, then the change; impossible ones refused."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.custody import services
from cases.models import CaseStatus, DetainerStatus
from tests.factories import (
    ConvictionFactory,
    CustodyCaseFactory,
    DecisionFactory,
    DetainerFactory,
    PersonFactory,
)
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency):
    return CustodyCaseFactory(person=PersonFactory(agency=agency, first_name="Ana", last_name="Quintero"))


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _release(**overrides) -> dict:
    return {"at": _local(timezone.now()), "reason": "Bond posted", **overrides}


def _transfer(**overrides) -> dict:
    return {
        "to": "ice",
        "destination": "",
        "at": _local(timezone.now()),
        "reason": "ICE took custody",
        **overrides,
    }


def _refresh(obj):
    obj.refresh_from_db()
    return obj


def test_release_asks_for_confirmation_first(desk, case):
    DetainerFactory(case=case)
    page = desk.get(f"/cases/{case.pk}/release/").content.decode()
    assert "What will happen" in page
    assert "1 open detainer on this booking will be marked <em>lapsed</em>" in page
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


def test_it_releases_and_lapses_the_open_detainers(desk, case, desk_officer):
    open_ = DetainerFactory(case=case)
    decided = DetainerFactory(case=case, status=DetainerStatus.DECIDED)
    cancelled = DetainerFactory(case=case, status=DetainerStatus.CANCELLED)
    response = desk.post(f"/cases/{case.pk}/release/", _release())
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    case = _refresh(case)
    assert (case.status, case.closure_reason, case.closed_by) == (
        CaseStatus.RELEASED,
        "Bond posted",
        desk_officer,
    )
    assert case.closed_at is not None
    assert [_refresh(d).status for d in (open_, decided, cancelled)] == ["lapsed", "lapsed", "cancelled"]
    assert AuditEvent.objects.filter(action="case.release", object_id=str(case.pk)).exists()


def test_it_transfers_to_ice_and_honors_the_open_detainers(desk, case):
    ConvictionFactory(person=case.person, statute="53a-55")  # class B: a transfer is permitted
    detainer = DetainerFactory(case=case)
    DecisionFactory(detainer=detainer, actions=["transfer"], rationale="Class B felony conviction.")
    response = desk.post(f"/cases/{case.pk}/transfer/", _transfer())
    assert response.status_code == 302
    case = _refresh(case)
    assert (case.status, case.transferred_to) == (CaseStatus.TRANSFERRED_ICE, "ICE")
    assert _refresh(detainer).status == DetainerStatus.HONORED
    assert AuditEvent.objects.get(action="case.transfer").details["to"] == "ICE"


def test_it_transfers_to_another_agency_by_name(desk, case):
    detainer = DetainerFactory(case=case)
    desk.post(
        f"/cases/{case.pk}/transfer/", _transfer(to="agency", destination="New Haven PD", reason="Warrant")
    )
    case = _refresh(case)
    assert (case.status, case.transferred_to) == (CaseStatus.TRANSFERRED_AGENCY, "New Haven PD")
    assert _refresh(detainer).status == DetainerStatus.OPEN


def test_a_transfer_to_another_agency_needs_its_name(desk, case):
    response = desk.post(f"/cases/{case.pk}/transfer/", _transfer(to="agency"))
    assert response.status_code == 200
    assert "Name the agency the person is transferred to." in response.content.decode()
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


def test_releasing_twice_is_refused(desk, case, desk_officer):
    services.case_release(case=case, at=timezone.now(), reason="Bond", acting_user=desk_officer)
    closed_at = _refresh(case).closed_at
    response = desk.post(f"/cases/{case.pk}/release/", _release(reason="Again"), follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    assert "Cannot release or transfer: this person is no longer in custody" in response.content.decode()
    case = _refresh(case)
    assert (case.status, case.closure_reason, case.closed_at) == (CaseStatus.RELEASED, "Bond", closed_at)


@pytest.mark.parametrize("url", ["release", "transfer"])
def test_a_closed_case_is_refused_before_any_form(desk, case, desk_officer, url):
    services.case_transfer(
        case=case, to_ice=False, at=timezone.now(), reason="Warrant", destination="New Haven PD",
        acting_user=desk_officer,
    )  # fmt: skip
    response = desk.get(f"/cases/{case.pk}/{url}/", follow=True)
    assert (
        "This booking is closed (transferred to another agency); it can no longer be changed."
        in response.content.decode()
    )


def test_transferring_after_release_is_refused(desk, case, desk_officer):
    services.case_release(case=case, at=timezone.now(), reason="Bond", acting_user=desk_officer)
    response = desk.post(f"/cases/{case.pk}/transfer/", _transfer(), follow=True)
    assert "no longer in custody" in response.content.decode()
    assert _refresh(case).status == CaseStatus.RELEASED


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (lambda case: case.booked_at - dt.timedelta(hours=1), "must be after the booking time"),
        (lambda case: timezone.now() + dt.timedelta(days=1), "cannot be in the future"),
    ],
)
def test_impossible_times_are_refused(desk, case, at, message):
    response = desk.post(f"/cases/{case.pk}/release/", _release(at=_local(at(case))))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


@pytest.mark.parametrize(
    "data",
    [
        {"at": "garbage", "reason": "x"},
        {"at": "", "reason": ""},
        {},
        {"at": "2026-13-45T99:99", "reason": "x"},
    ],
)
def test_malformed_input_is_shown_on_the_form(desk, case, data):
    for url in ("release", "transfer"):
        assert desk.post(f"/cases/{case.pk}/{url}/", data).status_code == 200
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


@pytest.mark.parametrize("persona", ["trainer", "auditor", "agency_admin"])
def test_only_case_editors_may_release_or_transfer(client, sign_in, request, persona, case):
    sign_in(request.getfixturevalue(persona))
    for url, data in (("release", _release()), ("transfer", _transfer())):
        assert client.get(f"/cases/{case.pk}/{url}/").status_code == 403
        assert client.post(f"/cases/{case.pk}/{url}/", data).status_code == 403
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


def test_supervisors_may_release(client, sign_in, supervisor, case):
    sign_in(supervisor)
    assert client.post(f"/cases/{case.pk}/release/", _release()).status_code == 302
    assert _refresh(case).status == CaseStatus.RELEASED


def test_another_agency_gets_404(client, sign_in, other_officer, case):
    sign_in(other_officer)
    for url, data in (("release", _release()), ("transfer", _transfer())):
        assert client.get(f"/cases/{case.pk}/{url}/").status_code == 404
        assert client.post(f"/cases/{case.pk}/{url}/", data).status_code == 404
    assert _refresh(case).status == CaseStatus.IN_CUSTODY


def test_the_case_status_machine_has_one_table_and_closed_bookings_never_reopen():
    from cases.custody.states import CASE_TRANSITIONS
    from cases.models import CaseStatus

    assert CASE_TRANSITIONS[CaseStatus.IN_CUSTODY] == {
        CaseStatus.RELEASED,
        CaseStatus.TRANSFERRED_ICE,
        CaseStatus.TRANSFERRED_AGENCY,
    }
    assert all(not CASE_TRANSITIONS[s] for s in CaseStatus if s != CaseStatus.IN_CUSTODY)
    assert set(CASE_TRANSITIONS) == set(CaseStatus)
