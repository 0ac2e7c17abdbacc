"""The state view (role "State analyst": OPM, the Division of Criminal Justice): the dashboard and
the policy impact of every agency together, aggregated only. No case, person or record: no
links, no compliance lists, counts from 1 to 4 shown as "<5". Every view and export audited."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from reports import dashboard, suppression
from reports.audit_actions import ReportAction
from reports.policy.impact import policy_impact
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream

from ._period import period_from_request
from .policy import DIFFERENCE_COLUMNS, VERDICT_COLUMNS, changes_text

DASHBOARD_TABLES = (
    "compliance",
    "detainers_per_month",
    "detainer_outcomes",
    "decisions_by_verdict",
    "decisions_by_action",
    "decisions_by_basis",
    "overrides",
    "ice_access",
    "time_to_decision",
)
POLICY_TABLES = ("policy_verdicts", "policy_differences")


def _filters(request):
    period, error = period_from_request(request)
    rule_set = request.GET.get("rule_set") or ""
    if rule_set not in dashboard.rule_set_ids():
        rule_set = ""
    return dashboard.Filters(period, "", rule_set), error


def _suppressed(table: dict) -> dict:
    return {**table, "rows": suppression.rows(table["rows"])}


def _state_tables(filters) -> dict[str, dict]:
    board = dashboard.state_dashboard(filters)
    return {name: _suppressed(board.table(name)) for name in DASHBOARD_TABLES}


def _policy_tables(period) -> dict[str, dict]:
    impact = policy_impact(None, period)
    differences = [
        [alt, offense, suppression.cell(n), changes_text(changes, suppression.cell)]
        for alt, offense, n, changes in impact.difference_rows()
    ]
    return {
        "policy_verdicts": {
            "title": "Verdicts by rule set and action, every agency",
            "columns": VERDICT_COLUMNS,
            "rows": suppression.rows(impact.verdict_rows()),
        },
        "policy_differences": {
            "title": "Detainers whose verdict would differ from the law in force, by offense",
            "columns": DIFFERENCE_COLUMNS,
            "rows": differences,
        },
    }


def _context(filters, error, tables) -> dict:
    query = {k: v for k, v in filters.as_query().items() if k != "facility"}
    return {
        "filters": filters,
        "filter_error": error,
        "query": query,
        "querystring": urlencode(query),
        "tables": tables,
        "rule_sets": dashboard.rule_set_ids(),
        "smallest": suppression.SMALLEST_SHOWN,
    }


@require_capability(Cap.VIEW_STATE_REPORTS)
def state_dashboard(request):
    filters, error = _filters(request)
    tables = _state_tables(filters)
    audit_record(
        action=ReportAction.STATE_DASHBOARD_VIEW, acting_user=request.user, request=request,
        details=filters.as_query(),
    )  # fmt: skip
    context = _context(filters, error, tables) | {"title": "Statewide dashboard", "page": "dashboard"}
    return render(request, "reports/state.html", context)


@require_capability(Cap.VIEW_STATE_REPORTS)
def state_policy(request):
    filters, error = _filters(request)
    tables = _policy_tables(filters.period)
    audit_record(
        action=ReportAction.STATE_POLICY_VIEW, acting_user=request.user, request=request,
        details=filters.as_query(),
    )  # fmt: skip
    context = _context(filters, error, tables) | {
        "title": "What each law would change, statewide",
        "page": "policy",
    }
    return render(request, "reports/state.html", context)


@require_capability(Cap.VIEW_STATE_REPORTS)
def state_csv(request, table):
    filters, _ = _filters(request)
    if table in DASHBOARD_TABLES:
        data = _suppressed(dashboard.state_dashboard(filters).table(table))
    elif table in POLICY_TABLES:
        data = _policy_tables(filters.period)[table]
    else:
        raise Http404("No such table.")
    audit_record(
        action=ReportAction.STATE_EXPORT, acting_user=request.user, request=request,
        details={"table": table, **filters.as_query()},
    )  # fmt: skip
    period = filters.period
    name = f"state-{table}-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.csv"
    return csv_stream([data["columns"], *data["rows"]], filename=name)
