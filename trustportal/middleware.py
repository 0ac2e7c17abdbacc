"""Project-wide middleware: the Content-Security-Policy header and the second-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode


class ContentSecurityPolicyMiddleware:
    """Send a CSP that allows only this origin: no CDN, no inline script."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class NoStoreMiddleware:
    """Nothing this application answers may be kept by a browser or a proxy: pages, CSV
    exports, scans, htmx fragments and the TOTP enrolment page carry personal data or
    secrets. Static files never reach this middleware (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class RejectNulMiddleware:
    """A NUL byte is never valid input, and PostgreSQL cannot even compare it. In the path it
    answers 400; in a query parameter (a search box, a filter) it is dropped, so the page
    shows as for the rest of the text. Form fields refuse it themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise SuspiciousOperation("NUL byte in the path")
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


# Pages a signed-in user may reach before passing the second factor.
SECOND_FACTOR_EXEMPT = ("accounts:otp_verify", "accounts:otp_enrol", "accounts:logout")


class SecondFactorRequiredMiddleware:
    """Send a password-authenticated user to TOTP enrolment or verification first.

    Runs after LoginRequiredMiddleware and django-otp's OTPMiddleware, so it only sees
    signed-in users; anonymous users are already redirected to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.MFA_REQUIRED or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = "accounts:otp_verify" if has_device else "accounts:otp_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


# Pages a user who must choose a new password may still reach.
PASSWORD_CHANGE_EXEMPT = (*SECOND_FACTOR_EXEMPT, "accounts:password_change", "accounts:password_change_done")


class PasswordChangeRequiredMiddleware:
    """An account an administrator created chooses its own password at first sign-in,
    before any other page (after the second factor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        match = request.resolver_match
        if match and match.view_name in PASSWORD_CHANGE_EXEMPT:
            return None
        messages.info(request, "Choose your own password before you go on.")
        return redirect("accounts:password_change")


POLL_HEADER = "X-TrustPortal-Poll"


class IdleTimeoutMiddleware:
    """Renew the 30-minute idle timeout on every request a person makes, but not on the
    automatic polling of the board and the bell (requests carrying X-TrustPortal-Poll),
    so an unattended screen still signs out after 30 minutes. The session is written at most
    once a minute (not on every page: three queries of each page's budget), so the timeout
    counts from the last renewal, at most a minute before the last request."""

    RENEW_EVERY = 60  # seconds
    KEY = "_idle_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not request.headers.get(POLL_HEADER) and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(self.KEY, 0) >= self.RENEW_EVERY:
                session[self.KEY] = now  # marks the session modified: saved, expiry renewed
        return response
