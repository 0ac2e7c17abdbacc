"""The writes of the reports app."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record

from . import foia
from .audit_actions import ReportAction
from .models import FoiaExport
from .periods import date_range

MAX_FOIA_DAYS = 366 * 10


@transaction.atomic
def foia_export_create(
    *,
    first_day: dt.date,
    last_day: dt.date,
    redactions: dict[str, str],
    request_reference: str = "",
    acting_user,
) -> FoiaExport:
    """Record a public-records export of the acting user's agency's ICE access records from
    ``first_day`` to ``last_day`` (local days, both included), redacting the named columns for
    the reasons given; audited with the redactions."""
    if not user_can(acting_user, Cap.FILE_REPORTS):
        raise PermissionDenied("Your role does not allow public-records exports.")
    if last_day < first_day:
        raise ValidationError("The last day comes before the first day.")
    if (last_day - first_day).days > MAX_FOIA_DAYS:
        raise ValidationError("Export at most ten years at a time.")
    unknown = sorted(set(redactions) - set(foia.REDACTABLE))
    if unknown:
        raise ValidationError(f"These columns cannot be redacted: {', '.join(unknown)}.")
    clean = {column: (reason or "").strip() for column, reason in redactions.items()}
    if any(not reason for reason in clean.values()):
        raise ValidationError("Give the reason for every redacted column.")
    agency = acting_user.agency
    rows = foia.records(agency, date_range(first_day, last_day))
    export = FoiaExport.objects.create(
        agency=agency,
        first_day=first_day,
        last_day=last_day,
        request_reference=request_reference.strip(),
        redactions={c: clean[c] for c in foia.REDACTABLE if c in clean},
        rows=len(rows),
        created_by=acting_user,
        created_at=timezone.now(),
    )
    audit_record(
        action=ReportAction.FOIA_EXPORT,
        acting_user=acting_user,
        obj=export,
        agency=agency,
        details={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "redactions": export.redactions,
            "rows": export.rows,
            "request_reference": export.request_reference,
        },
    )
    return export
