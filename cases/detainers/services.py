"""Writes on detainers, their documents and scans: atomic, audited in the
same transaction.

Business-rule refusals raise ``django.core.exceptions.ValidationError`` with a message a
desk officer understands; views put it on the form. Nothing is changed when one is raised.
"""

from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit_actions import DetainerAction as A
from cases.custody.states import check_open
from cases.detainers import states
from cases.figures import detainer_decision_moments, figures_changed
from cases.ice.notices import notices_for_new_detainer
from cases.ice.services import notification_request_forward
from cases.models import (
    CustodyCase,
    Detainer,
    DetainerDocument,
    DetainerScan,
)
from cases.reminders import (
    reminders_for_new_detainer,
)
from trustportal.audit.services import audit_record
from trustportal.common.services import allowed, create_audited, save_valid, update_audited

DETAINER_FIELDS = (
    "received_at", "form", "subject_id", "event_number", "file_number", "issued_on", "issuing_office",
    "pc_final_order", "pc_removal_proceedings", "pc_biometric", "pc_statements", "pc_transferred",
    "request_notify", "request_maintain_custody", "served_at", "notes", "interview_consent_at",
)  # fmt: skip
DOCUMENT_FIELDS = ("kind", "form", "signed_by", "court")

SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
SCAN_EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif"}


# --- detainers -------------------------------------------------------------------------


@transaction.atomic
def detainer_log(*, case: CustodyCase, data: dict, documents: Sequence[dict] = (), acting_user) -> Detainer:
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    check_open(case, "log a detainer")
    detainer = save_valid(Detainer(case=case, created_by=acting_user, **allowed(data, DETAINER_FIELDS)))
    for doc in documents:
        save_valid(DetainerDocument(detainer=detainer, **allowed(doc, DOCUMENT_FIELDS)))
    audit_record(
        action=A.LOG,
        acting_user=acting_user,
        obj=detainer,
        agency=case.agency,
        details={"case": case.pk, "documents": len(documents)},
    )
    reminders_for_new_detainer(detainer=detainer)
    figures_changed(case.agency_id, [detainer.received_at])
    notices_for_new_detainer(detainer=detainer, acting_user=acting_user)  # (e)(1), to be served
    if detainer.request_notify:  # (c): the head of the agency reviews it before anyone answers
        notification_request_forward(detainer=detainer, acting_user=acting_user)
    return detainer


@transaction.atomic
def detainer_update(*, detainer: Detainer, data: dict, acting_user) -> Detainer:
    received_before = detainer.received_at
    detainer = update_audited(
        detainer,
        data,
        fields=DETAINER_FIELDS,
        action=A.UPDATE,
        acting_user=acting_user,
        agency=detainer.case.agency,
    )
    if detainer.received_at != received_before:  # its day, and its decisions' time to decide
        moments = [received_before, detainer.received_at, *detainer_decision_moments(detainer.pk)]
        figures_changed(detainer.case.agency_id, moments)
    return detainer


@transaction.atomic
def detainer_set_status(*, detainer: Detainer, status: str, reason: str = "", acting_user) -> Detainer:
    """Set a status by hand (the form offers cancelled and lapsed), through the status machine."""
    detainer = Detainer.objects.select_for_update().select_related("case").get(pk=detainer.pk)
    before = states.transition(detainer, status)
    audit_record(
        action=A.STATUS,
        acting_user=acting_user,
        obj=detainer,
        agency=detainer.case.agency,
        details={"from": before, "to": status, "reason": reason},
    )
    return detainer


@transaction.atomic
def document_add(*, detainer: Detainer, data: dict, acting_user) -> DetainerDocument:
    return create_audited(
        DetainerDocument(detainer=detainer, **allowed(data, DOCUMENT_FIELDS)),
        action=A.DOCUMENT_ADD,
        acting_user=acting_user,
        agency=detainer.case.agency,
        details={"detainer": detainer.pk},
    )


@transaction.atomic
def document_update(*, document: DetainerDocument, data: dict, acting_user) -> DetainerDocument:
    return update_audited(
        document,
        data,
        fields=DOCUMENT_FIELDS,
        action=A.DOCUMENT_UPDATE,
        acting_user=acting_user,
        agency=document.detainer.case.agency,
    )


def sniff_scan_type(head: bytes) -> str | None:
    """The content type from the file's first bytes (never from its name or the browser)."""
    for magic, content_type in SCAN_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def scan_upload(*, detainer: Detainer, uploaded_file, acting_user) -> DetainerScan:
    if uploaded_file.size > SCAN_MAX_BYTES:
        raise ValidationError({"file": "The scan is larger than 10 MB. Scan at a lower resolution."})
    if uploaded_file.size == 0:
        raise ValidationError({"file": "The file is empty."})
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    content_type = sniff_scan_type(head)
    if content_type is None:
        raise ValidationError({"file": "Upload a PDF, PNG, JPEG or TIFF scan."})
    scan = DetainerScan(
        detainer=detainer,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=acting_user,
    )
    # The stored name carries the extension of the detected type, never the uploaded one
    # (a PDF named .html must not be served as a page).
    stem = Path(uploaded_file.name).stem[:100] or "scan"
    scan.file.save(f"{stem}{SCAN_EXTENSIONS[content_type]}", uploaded_file, save=False)
    scan.save()
    audit_record(
        action=A.SCAN_UPLOAD,
        acting_user=acting_user,
        obj=scan,
        agency=detainer.case.agency,
        details={"detainer": detainer.pk, "size": scan.size},
    )
    return scan
