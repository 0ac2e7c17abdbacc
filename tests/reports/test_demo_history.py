"""The demo seed's year of history: every dashboard table, both OPM forms and the policy-impact
page show something; a second run adds nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import CustodyCase, Decision, IceAccess
from reports import dashboard, opm
from reports.models import PolicyEvaluation
from reports.periods import date_range, half_year_of
from reports.policy.impact import policy_impact
from trustportal.accounts.models import Agency

pytestmark = pytest.mark.django_db


def test_the_demo_seed_holds_a_year_of_history_that_every_report_shows():
    call_command("seed_demo", stdout=io.StringIO())
    agency = Agency.objects.get(ori="CT0099900")
    today = timezone.localdate()
    year = date_range(today - dt.timedelta(days=365), today)
    board = dashboard.agency_dashboard(agency, dashboard.Filters(year))
    for name in dashboard.TABLES:
        table = board.table(name)
        assert (
            table["rows"]
            and any(isinstance(cell, int) and cell for row in table["rows"] for cell in row[1:])
            or name in ("holds_past_limit", "releases_past_time")
            and table["count"]
        ), name
    assert set(IceAccess.objects.filter(agency=agency).values_list("access_type", flat=True)) >= {
        "A", "B", "C", "D", "E", "F",
    }  # fmt: skip
    last_half = half_year_of(today - dt.timedelta(days=200))
    report = opm.opm_report(agency, last_half)
    assert report.records and report.statistics["accesses"] == len(report.records)
    impact = policy_impact(agency, year)
    assert (
        impact.evaluated["ct-2019"]
        == Decision.objects.filter(
            agency=agency, superseded_by__isnull=True, recorded_at__gte=year.start
        ).count()
        > 50
    )
    assert impact.differing  # the 2019 law and no Trust Act differ on some detainers

    counts = (CustodyCase.objects.count(), Decision.objects.count(), PolicyEvaluation.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (CustodyCase.objects.count(), Decision.objects.count(), PolicyEvaluation.objects.count()) == counts
