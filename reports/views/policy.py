"""What each law would change, for the user's agency: counts of the stored evaluations (the
page never evaluates), the recompute's progress (polled with htmx), CSV of both tables."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from reports.audit_actions import ReportAction
from reports.policy import recompute
from reports.policy.impact import ACTION_WORDS, DIFFERENCE_ROWS, VERDICTS, decisions_in_scope, policy_impact
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream

from ._period import period_from_request

TABLES = ("verdicts", "differences")
VERDICT_COLUMNS = ["rule set", "action", *[v.replace("_", " ") for v in VERDICTS], "detainers evaluated"]
DIFFERENCE_COLUMNS = ["alternative rule set", "offense", "detainers whose verdict differs", "changes"]


def changes_text(changes, cell=str) -> str:
    return "; ".join(
        f"{ACTION_WORDS[a]}: {was.replace('_', ' ')} → {would.replace('_', ' ')} ({cell(n)})"
        for (a, was, would), n in changes
    )


def rows_html(rows: list[list], last_cell: str = "<td>") -> SafeString:
    """Table rows as the template printed them (``<td>{{ cell }}</td>``, escaped; numbers as
    ``{{ }}`` prints them: no thousand separator), made in Python: a template variable per cell
    was most of the page's rendering (hundreds of cells). ``last_cell``: the last cell's tag."""
    html = []
    for row in rows:
        cells = [f"<td>{conditional_escape(c)}</td>" for c in row[:-1]]
        html.append(f"<tr>{''.join(cells)}{last_cell}{conditional_escape(row[-1])}</td></tr>")
    return mark_safe("".join(html))  # noqa: S308 - every cell escaped above, the tags are ours


def freshness(scope_decisions: int, impact) -> tuple[tuple[str, str], int]:
    """(current versions, how many decisions in scope are not evaluated with them)."""
    versions = recompute.current_versions()
    fresh = sum(n for engine, catalogue, n in impact.versions if (engine, catalogue) == versions)
    return versions, max(0, scope_decisions - fresh)


def ensure_fresh(request, stale: int, latest):
    """Queue a recompute when some evaluations are out of date (or missing): never evaluate here.
    ``latest``: the latest run (a run queued or running is the latest: none is queued while one
    is), so one query tells both."""
    job = latest if latest is not None and latest.active else None
    if stale and job is None:
        job = recompute.recompute_request(
            reason=f"The policy-impact page found {stale} decision(s) not evaluated with the current "
            "engine and catalogue.",
            acting_user=request.user,
        )
    return job


@require_capability(Cap.VIEW_DASHBOARD)
def policy_page(request):
    period, error = period_from_request(request)
    agency = request.user.agency
    impact = policy_impact(agency, period, shown=DIFFERENCE_ROWS)
    in_scope = decisions_in_scope(agency, period)
    versions, stale = freshness(in_scope, impact)
    latest = recompute.latest_recompute()
    job = ensure_fresh(request, stale, latest)
    query = {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
    audit_record(action=ReportAction.POLICY_VIEW, acting_user=request.user, request=request, details=query)
    verdict_rows = impact.verdict_rows()
    differences = [[alt, off, n, changes_text(ch)] for alt, off, n, ch in impact.difference_rows()]
    context = {
        "period": period,
        "filter_error": error,
        "query": query,
        "querystring": urlencode(query),
        "verdict_columns": VERDICT_COLUMNS,
        "verdict_rows": verdict_rows,
        "verdict_rows_html": rows_html(verdict_rows),
        "differences": differences,
        "differences_html": rows_html(differences, '<td class="small">'),
        "more_differences": impact.more,
        "difference_rows": DIFFERENCE_ROWS,
        "in_scope": in_scope,
        "stale": stale,
        "versions": versions,
        "job": job or latest,
    }
    return render(request, "reports/policy_impact.html", context)


@require_capability(Cap.VIEW_DASHBOARD)
def policy_progress(request):
    """The recompute's progress bar (polled while a run is queued or running)."""
    return render(request, "reports/_policy_progress.html", {"job": recompute.latest_recompute()})


@require_capability(Cap.VIEW_DASHBOARD)
def policy_csv(request, table):
    if table not in TABLES:
        raise Http404("No such table.")
    period, _ = period_from_request(request)
    impact = policy_impact(request.user.agency, period)
    audit_record(
        action=ReportAction.POLICY_EXPORT,
        acting_user=request.user,
        request=request,
        details={"table": table, "from": period.first_day.isoformat(), "to": period.last_day.isoformat()},
    )
    if table == "verdicts":
        rows = [VERDICT_COLUMNS, *impact.verdict_rows()]
    else:
        rows = [DIFFERENCE_COLUMNS, *([a, o, n, changes_text(c)] for a, o, n, c in impact.difference_rows())]
    name = f"policy-impact-{table}-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.csv"
    return csv_stream(rows, filename=name)
