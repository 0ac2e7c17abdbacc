"""Reports in the browser (issue 12): a supervisor opens the dashboard, filters a period,
downloads the semiannual OPM report in both forms and opens the policy-impact table."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from cases.models import AccessType
from tests.e2e.axe import assert_accessible
from tests.e2e.test_decision_journey import _person, _sign_in
from tests.factories import DecisionFactory, DetainerFactory, IceAccessFactory, ensure_role_groups
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)
NY = ZoneInfo("America/New_York")


def _history(agency, officer):
    """Two people given ICE access in the first half of 2026, one of them twice."""
    for first, race, when, kinds in (
        ("Rosa", "white", dt.datetime(2026, 2, 10, 9, 0, tzinfo=NY), [AccessType.RESPOND]),
        (
            "Hugo",
            "black",
            dt.datetime(2026, 5, 3, 15, 0, tzinfo=NY),
            [AccessType.RESPOND, AccessType.RELEASE_NOTICE],
        ),
    ):
        detainer = DetainerFactory(
            case__person__agency=agency, case__person__first_name=first, case__person__race=race,
            case__booked_at=when - dt.timedelta(days=1), received_at=when - dt.timedelta(hours=20),
        )  # fmt: skip
        DecisionFactory(detainer=detainer, recorded_by=officer)
        for minutes, kind in enumerate(kinds):
            IceAccessFactory(detainer=detainer, access_type=kind, at=when + dt.timedelta(minutes=minutes),
                             recorded_by=officer)  # fmt: skip


def _csv_rows(download) -> list[dict]:
    with open(download.path(), encoding="utf-8") as handle:
        return list(csv.DictReader(io.StringIO(handle.read())))


def test_a_supervisor_reads_the_dashboard_files_the_opm_report_and_opens_policy_impact(
    axe_page, live_server, agency
):
    page = axe_page  # lets axe-core in
    ensure_role_groups()
    officer, _ = _person(agency, "dana", "Dana", "Desk", Role.DESK_OFFICER)
    _supervisor, device = _person(agency, "sam", "Sam", "Supervisor", Role.SUPERVISOR)
    _history(agency, officer)
    _sign_in(page, live_server, "sam", device)

    page.goto("/reports/dashboard/")
    page.locator("#id_from").fill("2026-01-01")
    page.locator("#id_to").fill("2026-06-30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("dashboard-filters").locator("#id_from")).to_have_value("2026-01-01")
    expect(page.locator("main")).to_contain_text("ICE access")
    assert_accessible(page, "dashboard")

    page.goto("/reports/opm/")
    page.locator("#id_period").select_option("2026-H1")
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_test_id("opm-totals")).to_contain_text("2 individuals")
    expect(page.get_by_test_id("opm-totals")).to_contain_text("3 accesses")
    with page.expect_download() as statistics:
        page.get_by_test_id("opm-download-statistics").click()
    assert _csv_rows(statistics.value)
    with page.expect_download() as records:
        page.get_by_test_id("opm-download-records").click()
    rows = _csv_rows(records.value)
    assert len(rows) == 3
    columns = {
        "access_date",
        "access_type",
        "basis",
        "sex",
        "age_at_access",
        "race",
        "ethnicity",
        "citizenship",
    }
    assert set(rows[0]) == columns
    assert "Rosa" not in records.value.path().read_text() and "Hugo" not in records.value.path().read_text()
    assert_accessible(page, "OPM report")

    page.goto("/reports/policy/?from=2026-01-01&to=2026-06-30")
    expect(page.get_by_test_id("table-verdicts")).to_be_visible()
    expect(page.get_by_test_id("table-differences")).to_be_visible()
    assert_accessible(page, "policy impact")
