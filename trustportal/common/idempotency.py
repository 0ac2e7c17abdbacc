"""Double submits create one record.

A double click (or a reload of a POST) sends the same rendered form twice. Every form the
application renders carries Django's CSRF token, masked afresh for each page it renders, so
(masked token, user, session, URL, fields, files) identifies one rendering of one form being
submitted. The guard sees the second submission on the server, waits for the first to
finish and answers with the first one's redirect ("already saved"): no second detainer,
charge or reminder. A form opened again is a new rendering with a new token and goes
through; a submission that fails (the form comes back with errors) releases its key, so
the corrected form goes through. A POST without the token field (htmx sends the token in a
header; programs post without forms) is not guarded here. Disabling the button in the
browser is only a courtesy on top of this.
"""

import datetime as dt
import hashlib
import time

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import SubmissionGuard

WINDOW = dt.timedelta(minutes=30)
WAIT_FOR_FIRST = 10.0  # seconds
TOKEN_FIELD = "csrfmiddlewaretoken"  # noqa: S105 (a field name, not a secret)


def submission_key(request) -> str:
    digest = hashlib.sha256()
    session = getattr(request, "session", None)
    digest.update(f"{request.user.pk}\n{session.session_key if session else ''}\n{request.path}\n".encode())
    for name in sorted(request.POST):
        digest.update(f"{name}={request.POST.getlist(name)!r}\n".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
    return digest.hexdigest()


def _claim(key: str, now) -> bool:
    SubmissionGuard.objects.filter(created_at__lt=now - WINDOW).delete()
    try:
        with transaction.atomic():
            SubmissionGuard.objects.create(key=key, created_at=now)
    except IntegrityError:
        return False
    return True


def _first_result(key: str) -> SubmissionGuard | None:
    """Wait for the first submission to finish; None when it failed (its key was released)."""
    deadline = time.monotonic() + WAIT_FOR_FIRST
    while time.monotonic() < deadline:
        guard = SubmissionGuard.objects.filter(key=key).first()
        if guard is None or guard.done:
            return guard
        time.sleep(0.1)
    return SubmissionGuard.objects.filter(key=key).first()


class DoubleSubmitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "POST"
            or not request.user.is_authenticated
            or request.headers.get("HX-Request")
            or TOKEN_FIELD not in request.POST
        ):
            return self.get_response(request)
        key = submission_key(request)
        if not _claim(key, timezone.now()):
            first = _first_result(key)
            if first is not None and first.location:
                messages.info(request, "That form was already sent; it was saved once.")
                return redirect(first.location)
        response = self.get_response(request)
        self._settle(key, response)
        return response

    def _settle(self, key: str, response) -> None:
        if response.status_code in (301, 302, 303) and response.get("Location"):
            SubmissionGuard.objects.filter(key=key).update(done=True, location=response["Location"][:500])
        else:  # refused or re-shown with errors: let a corrected or repeated form through
            SubmissionGuard.objects.filter(key=key).delete()
