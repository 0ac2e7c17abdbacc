"""The semiannual OPM report page: choose a half-year, preview both forms, download CSV.
Generating (preview) and downloading are audited."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports import opm
from reports.audit_actions import ReportAction
from reports.periods import default_half_year, half_year, recent_half_years
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream

PREVIEW_ROWS = 100
FORMS = ("statistics", "records")


def _period_from(request, value: str | None):
    today = timezone.localdate()
    if not value:
        return default_half_year(today), ""
    try:
        return half_year(value), ""
    except ValueError as error:
        return default_half_year(today), str(error)


@require_capability(Cap.FILE_REPORTS)
def opm_report_page(request):
    period, error = _period_from(request, request.GET.get("period"))
    report = opm.opm_report(request.user.agency, period)
    audit_record(
        action=ReportAction.OPM_PREVIEW,
        acting_user=request.user,
        request=request,
        details={"period": period.label, "accesses": len(report.records)},
    )
    context = {
        "period": period,
        "periods": recent_half_years(timezone.localdate()),
        "period_error": error,
        "report": report,
        "stats": report.statistics,
        "columns": opm.RECORD_COLUMNS,
        "preview": report.records[:PREVIEW_ROWS],
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "reports/opm_report.html", context)


@require_capability(Cap.FILE_REPORTS)
def opm_report_download(request, period, form, fmt):
    if form not in FORMS or fmt not in ("csv", "json"):
        raise Http404("No such report form.")
    try:
        half = half_year(period)
    except ValueError:
        raise Http404("No such period.") from None
    report = opm.opm_report(request.user.agency, half)
    audit_record(
        action=ReportAction.OPM_DOWNLOAD,
        acting_user=request.user,
        request=request,
        details={"period": half.label, "form": form, "format": fmt, "accesses": len(report.records)},
    )
    name = opm.filename(report, form, fmt)
    if fmt == "json":
        payload = report.statistics if form == "statistics" else opm.records_json(report)
        response = HttpResponse(json.dumps(payload, indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    rows = opm.statistics_csv_rows(report) if form == "statistics" else opm.records_csv_rows(report)
    return csv_stream(rows, filename=name)
