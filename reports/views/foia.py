"""Public-records (FOIA) exports of ICE access: make one for a date range with the agency's
redactions, see what it holds and what was redacted and why, download it as CSV (audited)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from reports import foia
from reports.access import foia_exports_for_user, get_foia_export_for_user
from reports.audit_actions import ReportAction
from reports.forms import FoiaExportForm
from reports.periods import date_range
from reports.services import foia_export_create
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream

PREVIEW_ROWS = 100
LIST_ROWS = 50


@require_capability(Cap.FILE_REPORTS)
def foia_list(request):
    form = FoiaExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = foia_export_create(
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                request_reference=form.cleaned_data["request_reference"],
                redactions=form.redactions(),
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("reports:foia_detail", pk=export.pk)
    exports = list(foia_exports_for_user(request.user)[:LIST_ROWS])
    return render(request, "reports/foia_list.html", {"form": form, "exports": exports})


def _rows(export):
    return foia.records(export.agency_id, date_range(export.first_day, export.last_day))


@require_capability(Cap.FILE_REPORTS)
def foia_detail(request, pk):
    export = get_foia_export_for_user(request.user, pk)
    rows = foia.redact(_rows(export), export.redactions)
    context = {
        "export": export,
        "header": foia.header(export.redactions),
        "columns": foia.COLUMNS,
        "preview": [[row[c] for c in foia.COLUMNS] for row in rows[:PREVIEW_ROWS]],
        "total": len(rows),
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "reports/foia_detail.html", context)


@require_capability(Cap.FILE_REPORTS)
def foia_download(request, pk):
    export = get_foia_export_for_user(request.user, pk)
    rows = _rows(export)
    audit_record(
        action=ReportAction.FOIA_DOWNLOAD,
        acting_user=request.user,
        obj=export,
        request=request,
        details={"rows": len(rows), "redactions": export.redactions},
    )
    name = f"ice-access-records-{export.first_day:%Y%m%d}-{export.last_day:%Y%m%d}-export{export.pk}.csv"
    return csv_stream(foia.csv_rows(rows, export.redactions), filename=name)
