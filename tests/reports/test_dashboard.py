"""The agency dashboard: supervisors and auditors only, figures from one agency, the
compliance figures (holds past their limit, releases past their time) with the cases behind
them, filters, a CSV per table, a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import AccessBasis, AccessType, CustodyCase, Detainer, DetainerStatus
from reports.figures.build import figures_rebuild
from tests.factories import CustodyCaseFactory, DecisionFactory, DetainerFactory, IceAccessFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 4, 15, 12, tzinfo=NY)
URL = "/reports/dashboard/"
PERIOD = {"from": "2026-01-01", "to": "2026-04-30"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def detainer(agency, received, facility="Central lock-up", status=DetainerStatus.OPEN, **case):
    if "closed_at" in case:
        case["status"] = case.pop("case_status", "released")
    d = DetainerFactory(
        case__person__agency=agency,
        case__facility=facility,
        case__booked_at=received - dt.timedelta(hours=3),
        received_at=received,
        **{f"case__{k}": v for k, v in case.items()},
    )
    Detainer.objects.filter(pk=d.pk).update(status=status)
    return d


@pytest.fixture
def data(agency, other_agency):
    feb = detainer(agency, dt.datetime(2026, 2, 3, 9, tzinfo=NY), status=DetainerStatus.DECLINED)
    detainer(agency, dt.datetime(2026, 2, 20, 9, tzinfo=NY), status=DetainerStatus.HONORED)
    detainer(agency, dt.datetime(2026, 3, 5, 9, tzinfo=NY), facility="North", status=DetainerStatus.LAPSED)
    detainer(other_agency, dt.datetime(2026, 2, 4, 9, tzinfo=NY))
    # Held 3 hours past the limit, then released: one hold past its limit.
    late = detainer(
        agency,
        dt.datetime(2026, 3, 10, 9, tzinfo=NY),
        booking_number="B-LATE-HOLD",
        closed_at=dt.datetime(2026, 3, 12, 12, tzinfo=NY),
        case_status="transferred_ice",
    )
    Detainer.objects.filter(pk=late.pk).update(status=DetainerStatus.HONORED)
    Detainer.objects.filter(pk=late.pk).update(hold_until=dt.datetime(2026, 3, 12, 9, tzinfo=NY))
    # Still in custody a day after the release time, no hold: a release past its time.
    CustodyCaseFactory(
        person__agency=agency,
        booking_number="B-LATE-RELEASE",
        booked_at=dt.datetime(2026, 4, 10, 8, tzinfo=NY),
        releasable_at=dt.datetime(2026, 4, 14, 12, tzinfo=NY),
    )
    # Released 20 minutes after the release time: on time.
    CustodyCaseFactory(
        person__agency=agency,
        booking_number="B-ON-TIME",
        booked_at=dt.datetime(2026, 4, 10, 8, tzinfo=NY),
        releasable_at=dt.datetime(2026, 4, 12, 12, tzinfo=NY),
        closed_at=dt.datetime(2026, 4, 12, 12, 20, tzinfo=NY),
        status="released",
    )
    IceAccessFactory(detainer=feb, at=dt.datetime(2026, 2, 3, 15, tzinfo=NY), access_type=AccessType.RESPOND)
    IceAccessFactory(
        detainer=feb, at=dt.datetime(2026, 2, 4, 15, tzinfo=NY), access_type=AccessType.INTERVIEW,
        basis=AccessBasis.OTHER,
    )  # fmt: skip
    figures_rebuild()  # inserted and updated in bulk (factories, update()): counted as bulk paths do
    return feb


def rows(response, table):
    return response.context["tables"][table]["rows"]


def test_a_supervisor_sees_the_figures_of_their_agency(client, sign_in, supervisor, data):
    sign_in(supervisor)
    page = client.get(URL, PERIOD)
    assert page.status_code == 200
    assert rows(page, "detainers_per_month") == [
        ["2026-01", 0],
        ["2026-02", 2],
        ["2026-03", 2],
        ["2026-04", 0],
    ]
    outcomes = dict(rows(page, "detainer_outcomes"))
    assert (outcomes["Honored"], outcomes["Declined"], outcomes["Lapsed"], outcomes["Cancelled"]) == (
        2,
        1,
        1,
        0,
    )
    ice = {r[0]: r[1:] for r in rows(page, "ice_access")}
    assert (ice["A"], ice["D"]) == ([1, 0], [0, 1])
    text = page.content.decode()
    assert 'data-testid="count-holds_past_limit">1<' in text
    assert 'data-testid="count-releases_past_time">1<' in text
    assert "B-LATE-HOLD" in text and "B-LATE-RELEASE" in text and "B-ON-TIME" not in text
    assert f'href="/cases/{CustodyCase.objects.get(booking_number="B-LATE-HOLD").pk}/"' in text
    assert 'id="chart-data-detainers_per_month" type="application/json"' in text
    assert "<script>" not in text  # data only in json_script elements (the CSP allows no inline script)
    assert AuditEvent.objects.filter(action="report.dashboard_view").count() == 1


def test_decisions_by_verdict_action_and_time_to_decide(client, sign_in, auditor, agency):
    d = detainer(agency, NOW - dt.timedelta(hours=2))
    DecisionFactory(detainer=d)
    figures_rebuild()
    sign_in(auditor)
    page = client.get(URL, PERIOD)
    assert dict(rows(page, "decisions_by_action")) == {
        "Decline the detainer: release when otherwise releasable": 1
    }
    assert sum(n for _, n in rows(page, "decisions_by_verdict")) == 1
    assert dict(rows(page, "time_to_decision"))["1 to 4 hours"] == 1
    assert rows(page, "overrides") == [["following the guidance", "not yet reviewed", 1]]
    assert (
        dict(rows(client.get(URL, {**PERIOD, "rule_set": "ct-2013"}), "time_to_decision"))["1 to 4 hours"]
        == 0
    )


def test_the_facility_filter(client, sign_in, supervisor, data):
    sign_in(supervisor)
    page = client.get(URL, {**PERIOD, "facility": "North"})
    assert rows(page, "detainers_per_month") == [
        ["2026-01", 0],
        ["2026-02", 0],
        ["2026-03", 1],
        ["2026-04", 0],
    ]
    assert page.context["tables"]["holds_past_limit"]["count"] == 0


@pytest.mark.parametrize("persona", ["desk_officer", "agency_admin", "trainer"])
def test_other_roles_are_refused(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "ice_access.csv").status_code == 403


def test_each_table_downloads_as_csv_and_is_audited(client, sign_in, supervisor, data):
    sign_in(supervisor)
    response = client.get(URL + "holds_past_limit.csv", PERIOD)
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "case,booking,hold limit,released or transferred,late by (hours)"
    assert "B-LATE-HOLD,Thu 12 Mar 2026 09:00 EDT" in lines[1] and lines[1].endswith(",3.0")
    month = b"".join(client.get(URL + "detainers_per_month.csv", PERIOD).streaming_content).decode()
    assert "2026-02,2" in month.splitlines()
    assert client.get(URL + "nothing.csv").status_code == 404
    event = AuditEvent.objects.get(action="report.dashboard_export", details__table="holds_past_limit")
    assert event.details["from"] == "2026-01-01"


def test_the_dashboard_takes_a_fixed_number_of_queries(
    client, sign_in, supervisor, agency, data, django_assert_max_num_queries
):
    sign_in(supervisor)
    client.get(URL, PERIOD)  # the first request of a minute renews the session and reads the heartbeat
    with django_assert_max_num_queries(12):
        client.get(URL, PERIOD)
    for i in range(15):
        d = detainer(agency, dt.datetime(2026, 1, 5 + i, 9, tzinfo=NY), facility=f"F{i % 3}")
        IceAccessFactory(detainer=d, at=dt.datetime(2026, 1, 5 + i, 10, tzinfo=NY))
    figures_rebuild()
    with django_assert_max_num_queries(12):
        assert rows(client.get(URL, PERIOD), "detainers_per_month")[0] == ["2026-01", 15]
