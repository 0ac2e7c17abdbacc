"""The state analyst (OPM, the Division of Criminal Justice): the dashboard and the policy
impact of every agency together, aggregated only, small cells suppressed, every view audited;
and no record-level page or export answers them (every URL of the project, walked)."""

import contextlib
import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from reports import dashboard
from reports.views import policy as policy_views
from reports.views import state as state_views
from tests.factories import (
    AgencyFactory,
    ConvictionFactory,
    DecisionFactory,
    DetainerFactory,
    IceAccessFactory,
    UserFactory,
)
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 4, 15, 12, tzinfo=NY)
PERIOD = {"from": "2026-01-01", "to": "2026-04-30"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def analyst(db):
    opm = AgencyFactory(name="Office of Policy and Management", ori="CT0000200")
    return UserFactory(username="analyst", agency=opm, roles=[Role.STATE_ANALYST])


def decided(agency, count, captured):
    with captured(execute=True):
        return [
            DecisionFactory(
                detainer=DetainerFactory(
                    case__person__agency=agency, received_at=NOW - dt.timedelta(days=30, hours=i)
                )
            )
            for i in range(count)
        ]


def test_it_sees_every_agency_together_with_small_cells_suppressed(
    sign_in, analyst, agency, other_agency, django_capture_on_commit_callbacks
):
    decided(agency, 4, django_capture_on_commit_callbacks)
    decided(other_agency, 2, django_capture_on_commit_callbacks)
    client = sign_in(analyst)
    page = client.get("/reports/state/policy/", PERIOD)
    assert page.status_code == 200
    rows = {(r[0], r[1]): r[2:] for r in page.context["tables"]["policy_verdicts"]["rows"]}
    assert rows[("ct-2019", "detain")] == [0, 0, 6, 6]  # both agencies: six, shown
    assert rows[("ct-2019", "interview")][-1] == 6
    board = client.get("/reports/state/dashboard/", PERIOD)
    verdicts = dict(board.context["tables"]["decisions_by_verdict"]["rows"])
    assert verdicts == {"prohibited": 6}
    assert AuditEvent.objects.filter(action="report.state_policy_view", actor=analyst).count() == 1
    assert AuditEvent.objects.filter(action="report.state_dashboard_view", actor=analyst).count() == 1


def test_counts_under_five_are_suppressed_in_pages_and_csv(
    sign_in, analyst, agency, django_capture_on_commit_callbacks
):
    decided(agency, 3, django_capture_on_commit_callbacks)
    client = sign_in(analyst)
    rows = {
        (r[0], r[1]): r[2:]
        for r in client.get("/reports/state/policy/", PERIOD).context["tables"]["policy_verdicts"]["rows"]
    }
    assert rows[("ct-2019", "detain")] == [0, 0, "<5", "<5"]
    csv = client.get("/reports/state/policy_verdicts.csv", PERIOD).getvalue().decode()
    assert "ct-2019,detain,0,0,<5,<5" in csv.replace("\r", "")
    assert "3" not in csv.splitlines()[1]
    assert AuditEvent.objects.filter(action="report.state_export", actor=analyst).exists()


def test_agency_roles_do_not_see_the_state_view(sign_in, supervisor, auditor):
    for user in (supervisor, auditor):
        assert sign_in(user).get("/reports/state/dashboard/").status_code == 403


# --- every URL of the project, as the state analyst -------------------------------------------

# The pages a state analyst may open: their own account, help, notifications addressed to them,
# and the aggregated state view. Nothing else may answer 200.
ALLOWED = {
    "home",
    "glossary",
    "healthz",
    "reports:state_dashboard",
    "reports:state_policy",
    "reports:state_csv",
    "accounts:password_change",
    "accounts:password_change_done",
    "notifications:list",
    "notifications:bell",
}


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.app_name == "admin":
                continue  # the Django admin: staff only (the analyst is not staff); checked below
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern


def _parameters(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return list(converters)
    return list(re.compile(str(pattern.regex.pattern)).groupindex)


def _urls(name, pattern, ids):
    params = _parameters(pattern)
    choices = {
        "table": [
            *dashboard.TABLES,
            *state_views.DASHBOARD_TABLES,
            *state_views.POLICY_TABLES,
            *policy_views.TABLES,
        ],
        "period": ["2026-H1"],
        "form": ["records", "statistics"],
        "fmt": ["csv", "json"],
    }
    values = [choices.get(p, ids) for p in params]
    for combination in itertools.product(*values):
        with contextlib.suppress(NoReverseMatch):  # a converter refused the value (an int for a slug)
            yield reverse(name, kwargs=dict(zip(params, combination, strict=True)))


@pytest.fixture
def records(analyst, agency, django_capture_on_commit_callbacks):
    """Records of every kind in the analyst's own agency and in another: a page that forgot its
    capability check would show them."""
    ids = set()
    for where in (analyst.agency, agency):
        decision = decided(where, 1, django_capture_on_commit_callbacks)[0]
        ConvictionFactory(person=decision.detainer.case.person)
        access = IceAccessFactory(detainer=decision.detainer)
        ids |= {
            decision.pk,
            decision.detainer_id,
            decision.detainer.case_id,
            decision.detainer.case.person_id,
            access.pk,
        }
    return sorted(ids)


def test_no_record_level_page_or_export_answers_the_state_analyst(sign_in, analyst, records):
    client = sign_in(analyst)
    answered, walked = [], 0
    for name, pattern in _patterns():
        for url in _urls(name, pattern, [str(i) for i in records]):
            walked += 1
            response = client.get(url)
            if response.status_code == 200 and name not in ALLOWED:
                answered.append(url)
    assert walked > 100
    assert answered == []
    assert client.get("/admin/").status_code != 200
