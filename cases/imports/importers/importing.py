"""Importing a checked file, all or nothing."""

from django.db import transaction

from trustportal.accounts.models import Agency
from trustportal.audit.services import audit_deferred, audit_record

from .cells import IMPORT_ACTIONS, ImportRefused
from .checking import check_file
from .columns import Check
from .history import _apply_history
from .reading import Parsed
from .roster import _apply_roster


def import_file(
    *, kind: str, parsed: Parsed, agency, acting_user, filename: str = "", progress=None
) -> Check:
    """Check the file again and import every row in one transaction, or nothing at all.
    ``progress(rows_done)``, if given, is called as rows are written (a background import)."""
    with transaction.atomic():
        # one import at a time per agency, so that two imports of the same file cannot both pass the checks
        Agency.objects.select_for_update().only("pk").get(pk=agency.pk)
        check = check_file(kind=kind, parsed=parsed, agency=agency)
        if not check.ok:
            raise ImportRefused(check.errors)
        apply = _apply_roster if kind == "roster" else _apply_history
        with audit_deferred():  # the chain's lock only at the end, not for the whole import
            apply(check, agency=agency, acting_user=acting_user, filename=filename, progress=progress)
        audit_record(action=IMPORT_ACTIONS[kind], acting_user=acting_user, agency=agency,
                     details={"file": filename[:255], **check.counts})  # fmt: skip
    return check
