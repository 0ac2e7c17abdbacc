"""The agency dashboard for supervisors and auditors: charts (Chart.js from static, data in
json_script elements: the CSP allows no inline script) and a CSV download of each table."""

import datetime as dt
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from reports import dashboard
from reports.audit_actions import ReportAction
from reports.periods import date_range
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream
from trustportal.common.views import link_pattern, local_datetime_text

PAGE_ROWS = 25
CHARTS = (
    ("detainers_per_month", "bar", False),
    ("detainer_outcomes", "bar", False),
    ("ice_access", "bar", True),
    ("time_to_decision", "bar", False),
    ("decisions_by_verdict", "bar", False),
)


def _filters(request) -> tuple[dashboard.Filters, str]:
    today = timezone.localdate()
    default_first = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    first = parse_date(request.GET.get("from") or "") if request.GET.get("from") else default_first
    last = parse_date(request.GET.get("to") or "") if request.GET.get("to") else today
    error = ""
    if first is None or last is None or last < first:
        error = "That period is not a range of dates; showing the last twelve months."
        first, last = default_first, today
    rule_set = request.GET.get("rule_set") or ""
    if rule_set not in dashboard.rule_set_ids():
        rule_set = ""
    filters = dashboard.Filters(
        date_range(first, last), (request.GET.get("facility") or "").strip(), rule_set
    )
    return filters, error


def _chart(table: dict, kind: str, stacked: bool) -> dict:
    columns, rows = table["columns"], table["rows"]
    return {
        "title": table["title"],
        "type": kind,
        "stacked": stacked,
        "labels": [str(r[0]) for r in rows],
        "datasets": [{"label": columns[i], "data": [r[i] for r in rows]} for i in range(1, len(columns))],
    }


@require_capability(Cap.VIEW_DASHBOARD)
def dashboard_page(request):
    filters, error = _filters(request)
    board = dashboard.agency_dashboard(request.user.agency, filters)
    audit_record(
        action=ReportAction.DASHBOARD_VIEW,
        acting_user=request.user,
        request=request,
        details=filters.as_query(),
    )
    charts = [
        {"name": name, "source_id": f"chart-data-{name}", "data": _chart(board.table(name), kind, stacked)}
        for name, kind, stacked in CHARTS
    ]
    context = {
        "filters": filters,
        "filter_error": error,
        "query": filters.as_query(),
        "querystring": urlencode(filters.as_query()),
        "board": board,
        "tables": board.tables,
        "charts": charts,
        "facilities": dashboard.facilities(request.user.agency),
        "rule_sets": dashboard.rule_set_ids(),
        "grace_minutes": int(dashboard.RELEASE_GRACE.total_seconds() // 60),
        # the compliance lists show their first rows (the goal is zero); the CSV has up to 200
        "page_row_count": PAGE_ROWS,
        "page_rows": f":{PAGE_ROWS}",
        "case_link": link_pattern("cases:case_detail"),  # reversed once, not once per row
    }
    return render(request, "reports/dashboard.html", context)


def _cell(value):
    return local_datetime_text(value) if isinstance(value, dt.datetime) else value


@require_capability(Cap.VIEW_DASHBOARD)
def dashboard_csv(request, table):
    if table not in dashboard.TABLES:
        raise Http404("No such table.")
    filters, _ = _filters(request)
    data = dashboard.agency_dashboard(request.user.agency, filters).table(table)
    audit_record(
        action=ReportAction.DASHBOARD_EXPORT,
        acting_user=request.user,
        request=request,
        details={"table": table, **filters.as_query()},
    )
    rows = [data["columns"], *([_cell(c) for c in row] for row in data["rows"])]
    name = f"dashboard-{table}-{filters.period.first_day:%Y%m%d}-{filters.period.last_day:%Y%m%d}.csv"
    return csv_stream(rows, filename=name)
