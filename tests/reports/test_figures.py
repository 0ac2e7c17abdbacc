"""The dashboard's and policy impact's figures (``reports.figures``: per agency and local day,
month and year) give the same numbers as counting every record, as the pages did before: for
several agencies and facilities, every filter, and periods that cross local midnight, a month,
the half-year and the year; and the writes keep them current without a rebuild."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.custody.services import case_update
from cases.decisions.services import decision_review
from cases.detainers.services import detainer_log, detainer_set_status, detainer_update
from cases.models import AccessBasis, AccessType, Decision, DecisionAction, Detainer, DetainerStatus
from reports import dashboard
from reports.figures.build import figures_rebuild
from reports.figures.read import period_rows
from reports.models import (
    DecisionFigure,
    DetainerFigure,
    EvaluationChangeFigure,
    EvaluationFigure,
    IceAccessFigure,
    Span,
)
from reports.periods import date_range
from reports.policy.impact import decisions_in_scope, policy_impact
from reports.policy.recompute import recompute_all
from tests.factories import (
    CustodyCaseFactory,
    DecisionFactory,
    DetainerFactory,
    IceAccessFactory,
    UserFactory,
)
from tests.reports import direct_counts

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 15, 12, tzinfo=NY)
D = dt.date


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NY)


# When decisions are recorded: either side of local midnight (New Year, the half-year, a month),
# in winter (EST) and summer (EDT), and this month.
MOMENTS = [
    at(2025, 12, 31, 23, 30),
    at(2026, 1, 1, 0, 20),
    at(2026, 2, 14, 9, 0),
    at(2026, 3, 8, 1, 30),  # the night the clocks go forward
    at(2026, 6, 30, 23, 40),
    at(2026, 7, 1, 0, 10),
    at(2026, 7, 31, 23, 55),
    at(2026, 8, 1, 0, 5),
    at(2026, 11, 14, 22, 0),
    at(2026, 11, 15, 9, 0),
]
LAGS = [dt.timedelta(minutes=30), dt.timedelta(hours=2), dt.timedelta(hours=6), dt.timedelta(hours=20),
        dt.timedelta(hours=30)]  # fmt: skip
PERIODS = [
    (D(2026, 1, 1), D(2026, 6, 30)),  # the first half-year
    (D(2026, 7, 1), D(2026, 12, 31)),  # the second, not over yet
    (D(2025, 12, 1), D(2026, 11, 15)),  # the last twelve months, to today
    (D(2026, 6, 30), D(2026, 7, 1)),  # two days either side of the half-year's midnight
    (D(2026, 2, 10), D(2026, 3, 20)),  # parts of two months
    (D(2026, 1, 2), D(2026, 7, 31)),  # most of a year, not from its first day
    (D(2025, 6, 1), D(2026, 11, 30)),  # two years, the second to the end of this month
    (D(2026, 1, 1), D(2026, 12, 31)),  # the whole year (its rows)
    (D(2026, 11, 15), D(2026, 11, 15)),  # today
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _decide(detainer, when, **kwargs):
    with time_machine.travel(when, tick=False):
        return DecisionFactory(detainer=detainer, **kwargs)


@pytest.fixture
def records(agency, other_agency):
    """Detainers, decisions (some reviewed, one corrected, one override), ICE access and
    outcomes in two agencies and three facilities, inserted in bulk (factories, update())."""
    reviewer = {a.pk: UserFactory(agency=a, roles=["Supervisor"]) for a in (agency, other_agency)}
    statuses = [
        DetainerStatus.DECLINED,
        DetainerStatus.HONORED,
        DetainerStatus.LAPSED,
        DetainerStatus.CANCELLED,
    ]
    n = 0
    for who in (agency, other_agency):
        for i, moment in enumerate(MOMENTS):
            for facility in ("Central lock-up", "North") if i % 3 else ("Central lock-up", "North", "South"):
                lag = LAGS[n % len(LAGS)]
                case = CustodyCaseFactory(
                    person__agency=who, facility=facility, booked_at=moment - lag - dt.timedelta(hours=3)
                )
                detainer = DetainerFactory(
                    case=case, received_at=moment - lag, issued_on=(moment - lag).date()
                )
                n += 1
                if n % 4 == 0:  # received, never decided
                    Detainer.objects.filter(pk=detainer.pk).update(status=statuses[n % 3])
                    continue
                decision = _decide(detainer, moment)
                if n % 3 == 0:
                    decision_review(
                        decision=decision, outcome="approved" if n % 2 else "returned",
                        comments="Check the warrant.", acting_user=reviewer[who.pk],
                    )  # fmt: skip
                if n % 7 == 0:  # corrected an hour later (a new current decision)
                    _decide(detainer, moment + dt.timedelta(hours=1), supersedes=decision)
                Detainer.objects.filter(pk=detainer.pk).update(status=statuses[n % 4])
                IceAccessFactory(
                    detainer=detainer,
                    at=moment + dt.timedelta(minutes=5),
                    access_type=[AccessType.RESPOND, AccessType.INTERVIEW, AccessType.RELEASE_NOTICE][n % 3],
                    basis=AccessBasis.DETAINER if n % 2 else AccessBasis.OTHER,
                )
    recompute_all()  # their policy-impact evaluations, as the bulk paths store them
    figures_rebuild()  # the rows above were inserted in bulk: counted as the bulk paths do


def _filters():
    for first, last in PERIODS:
        for facility in ("", "South"):
            for rule_set in ("", "ct-2019"):
                yield dashboard.Filters(date_range(first, last), facility, rule_set)


def test_the_dashboards_figures_equal_a_direct_count_over_the_records(agency, other_agency, records):
    checked = 0
    for filters in _filters():
        for who in (agency, other_agency, None):  # None: every agency, the state analyst's view
            board = dashboard.agency_dashboard(who, filters) if who else dashboard.state_dashboard(filters)
            expected = direct_counts.dashboard_tables(who, filters)
            for name in direct_counts.DASHBOARD_COUNTED:
                assert board.table(name)["rows"] == expected[name]["rows"], (name, who, filters)
                checked += 1
    assert checked == len(PERIODS) * 4 * 3 * len(direct_counts.DASHBOARD_COUNTED)
    # the figures are not all zeros: the whole year holds every decision of 2026
    year = dashboard.agency_dashboard(agency, dashboard.Filters(date_range(D(2026, 1, 1), D(2026, 12, 31))))
    assert sum(n for _, n in year.table("decisions_by_verdict")["rows"]) >= 10


def test_policy_impacts_figures_equal_a_direct_count_over_the_evaluations(agency, other_agency, records):
    for first, last in PERIODS:
        period = date_range(first, last)
        for who in (agency, other_agency, None):
            got, expected = policy_impact(who, period), direct_counts.policy_impact_direct(who, period)
            assert got.verdict_rows() == expected.verdict_rows(), (who, period)
            assert got.difference_rows() == expected.difference_rows(), (who, period)
            assert got.versions == expected.versions
            current = Decision.objects.filter(
                recorded_at__gte=period.start, recorded_at__lt=period.end, superseded_by__isnull=True
            )
            assert (
                decisions_in_scope(who, period)
                == (current if who is None else current.filter(agency=who)).count()
            )
            assert expected.evaluated.get("none", 0) == decisions_in_scope(who, period)


def test_the_page_reads_the_differences_of_the_offenses_it_shows_only(agency, other_agency, records):
    """``shown``: the offenses with the most differences under each alternative, ranked in SQL
    (ties at the last place broken by name, as in the full table), and whether there are more."""
    for first, last in PERIODS:
        period = date_range(first, last)
        for who in (agency, other_agency, None):
            every = policy_impact(who, period).difference_rows()
            per_alternative: dict[str, int] = {}
            for row in every:
                per_alternative[row[0]] = per_alternative.get(row[0], 0) + 1
            for shown in (1, 2, 1000):
                impact = policy_impact(who, period, shown=shown)
                seen: dict[str, int] = {}
                expected = []
                for row in every:
                    seen[row[0]] = seen.get(row[0], 0) + 1
                    if seen[row[0]] <= shown:
                        expected.append(row)
                assert impact.difference_rows() == expected, (who, period, shown)
                assert impact.more == any(n > shown for n in per_alternative.values()), (who, period, shown)


def test_the_offenses_shown_are_those_with_the_most_differences_ties_by_name(agency):
    rows = []
    for day in (D(2026, 3, 4), D(2026, 3, 9)):
        for offense, n in (("b", 3), ("a", 3), ("c", 1)):
            for change in ("", "detain:prohibited:permitted"):
                rows.append(
                    EvaluationChangeFigure(
                        agency=agency,
                        day=day,
                        span=Span.DAY,
                        n=n,
                        rule_set="none",
                        offense=offense,
                        change=change,
                    )
                )
    EvaluationChangeFigure.objects.bulk_create(rows)
    period = date_range(D(2026, 3, 1), D(2026, 3, 10))
    change = [(("detain", "prohibited", "permitted"), 6)]
    one, two, three = (policy_impact(agency, period, shown=k) for k in (1, 2, 3))
    assert (one.difference_rows(), one.more) == ([["none", "a", 6, change]], True)
    assert (two.difference_rows(), two.more) == ([["none", "a", 6, change], ["none", "b", 6, change]], True)
    assert three.difference_rows() == policy_impact(agency, period).difference_rows() and not three.more


def test_a_year_up_to_today_is_read_from_the_years_rows(records):
    plus, minus = period_rows(date_range(D(2026, 1, 1), D(2026, 11, 15)), today=D(2026, 11, 15))
    rows = DecisionFigure.objects.filter(plus)
    assert set(rows.values_list("span", flat=True)) == {Span.YEAR}
    # what it leaves out (the rest of the month and year) is in the future: nothing to subtract
    assert not DecisionFigure.objects.filter(minus).exists()


def _snapshot() -> dict:
    tables = (DetainerFigure, DecisionFigure, IceAccessFigure, EvaluationFigure, EvaluationChangeFigure)
    fields = {m: [f.attname for f in m._meta.concrete_fields if f.name != "id"] for m in tables}
    return {m.__name__: sorted(m.objects.exclude(n=0).values_list(*fields[m])) for m in tables}


def test_the_writes_keep_the_figures_current(
    agency, desk_officer, supervisor, django_capture_on_commit_callbacks
):
    """Each write refreshes the months it touched: the stored figures are what a full rebuild
    counts, after logging, deciding, reviewing, correcting, a status set by hand, a detainer
    received at another time and a booking moved to another facility."""
    case = CustodyCaseFactory(
        person__agency=agency, facility="Central lock-up", booked_at=at(2026, 6, 30, 20)
    )
    other = CustodyCaseFactory(person__agency=agency, facility="North", booked_at=at(2026, 6, 1, 8))
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(at(2026, 6, 30, 23, 50), tick=False):
            held = detainer_log(
                case=case, data={"received_at": at(2026, 6, 30, 22), "issued_on": D(2026, 6, 30)},
                acting_user=desk_officer,
            )  # fmt: skip
            dropped = detainer_log(
                case=other, data={"received_at": at(2026, 6, 2, 9), "issued_on": D(2026, 6, 2)},
                acting_user=desk_officer,
            )  # fmt: skip
        first = _decide(held, at(2026, 7, 1, 0, 30), recorded_by=desk_officer)
        decision_review(
            decision=first, outcome="returned", comments="Check the warrant.", acting_user=supervisor
        )
        _decide(held, at(2026, 7, 2, 9), recorded_by=desk_officer, supersedes=first)
        detainer_set_status(detainer=dropped, status=DetainerStatus.CANCELLED, reason="Withdrawn.",
                            acting_user=desk_officer)  # fmt: skip
        with time_machine.travel(at(2026, 7, 3, 9), tick=False):
            detainer_update(
                detainer=held, data={"received_at": at(2026, 6, 29, 21)}, acting_user=desk_officer
            )
            case_update(case=case, data={"facility": "South"}, acting_user=desk_officer)
    kept = _snapshot()
    assert kept["DecisionFigure"] and kept["EvaluationFigure"] and kept["DetainerFigure"]
    figures_rebuild()
    assert _snapshot() == kept
    board = dashboard.agency_dashboard(
        agency, dashboard.Filters(date_range(D(2026, 6, 1), D(2026, 7, 31)), "South")
    )
    assert dict(board.table("decisions_by_action")["rows"]) == {DecisionAction.DECLINE.label: 1}
    # the correction is the current decision: the returned one it corrected no longer counts
    assert board.table("overrides")["rows"] == [["following the guidance", "not yet reviewed", 1]]


def test_the_recompute_counts_the_same_policy_figures_as_a_rebuild(records):
    """The recompute counts the policy-impact figures in memory as it makes the rows (instead of
    reading them back): the same rows as counting the stored evaluations."""
    recompute_all()
    counted = _snapshot()
    figures_rebuild()
    assert _snapshot() == counted and counted["EvaluationChangeFigure"]
