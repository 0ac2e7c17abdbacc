"""Sign-in (password, banner, TOTP), and agency admins' management of their staff."""

import base64
import itertools
import json
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trustportal.audit.actions import AuditTrailAction as AuditAction
from trustportal.audit.filters import AuditFilter, action_choices
from trustportal.audit.links import object_url
from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_stream
from trustportal.common.pagination import CappedPaginator
from trustportal.common.views import safe_next

from . import services
from .access import get_staff_for_user, scope_to_agency
from .forms import BannerLoginForm, NewStaffForm, StaffForm, TokenForm
from .models import User
from .roles import Cap, require_capability


class BannerLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = BannerLoginForm
    redirect_authenticated_user = True


LoginView = login_not_required(BannerLoginView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the first one after an administrator created the account."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        return response


def _next_url(request, default: str | None = None) -> str:
    return safe_next(request, reverse("home") if default is None else default)


def otp_verify(request):
    """Second step of sign-in: a code from the user's confirmed authenticator."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check_code(form, device):
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once the second factor succeeds
            audit_record(action="auth.second_factor", acting_user=request.user)
            return redirect(_next_url(request))
        audit_record(
            action="auth.second_factor", acting_user=request.user, outcome=AuditEvent.Outcome.FAILURE
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request, "")})


def _check_code(form, device) -> bool:
    """Verify the code (each code works once); on failure, say why on the form."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until")
        form.add_error(
            "token",
            "Too many wrong codes. Wait a few seconds, then enter the newest code."
            if wait
            else "Codes from this authenticator cannot be accepted now.",
        )
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error(
        "token",
        "That code is not valid (codes can be used once and change every "
        "30 seconds). Wait for the next code and try again.",
    )
    return False


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def otp_enrol(request):
    """Enrol a TOTP authenticator: scan the QR code, then prove it with one code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None, submit_label="Confirm and continue")
    if request.method == "POST" and form.is_valid() and _check_code(form, device):
        services.second_factor_confirm(device=device, acting_user=request.user)
        otp_login(request, device)
        messages.success(request, "Your authenticator is set up. You will need it at every sign-in.")
        return redirect(_next_url(request))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": secret,
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/otp_enrol.html", context)


class LogoutView(auth_views.LogoutView):
    pass


@require_capability(Cap.MANAGE_USERS)
def staff_list(request):
    staff = (
        scope_to_agency(User.objects.all(), request.user)
        .prefetch_related(Prefetch("groups"))
        .order_by("last_name", "first_name", "username")
    )
    page = CappedPaginator(staff, 50).get_page(request.GET.get("page"))
    locked = _locked_usernames([u.username for u in page])
    enrolled = set(
        TOTPDevice.objects.filter(user__in=list(page), confirmed=True).values_list("user_id", flat=True)
    )
    return render(request, "accounts/staff_list.html", {"page": page, "locked": locked, "enrolled": enrolled})


def _locked_usernames(usernames):
    from axes.models import AccessAttempt

    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


@require_capability(Cap.MANAGE_USERS)
def staff_create(request):
    form = NewStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.staff_create(
            agency=request.user.agency, data=form.cleaned_data, acting_user=request.user
        )
        messages.success(request, f"Account {user.username} created.")
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "title": "New staff account"})


@require_capability(Cap.MANAGE_USERS)
def staff_edit(request, pk):
    staff = get_staff_for_user(request.user, pk)
    form = StaffForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(user=staff, data=form.cleaned_data, acting_user=request.user)
        except ValueError as exc:
            form.add_error("is_active", str(exc))
        else:
            messages.success(request, f"Account {staff.username} saved.")
            return redirect("accounts:staff_list")
    return render(
        request, "accounts/staff_form.html", {"form": form, "title": f"Edit {staff}", "staff": staff}
    )


@require_POST
@require_capability(Cap.MANAGE_USERS)
def staff_reset_second_factor(request, pk):
    staff = get_staff_for_user(request.user, pk)
    services.staff_reset_second_factor(user=staff, acting_user=request.user)
    messages.success(request, f"{staff} will enrol a new authenticator at next sign-in.")
    return redirect("accounts:staff_list")


@require_POST
@require_capability(Cap.MANAGE_USERS)
def staff_unlock(request, pk):
    staff = get_staff_for_user(request.user, pk)
    services.staff_unlock(user=staff, acting_user=request.user)
    messages.success(request, f"{staff} is unlocked and may sign in again.")
    return redirect("accounts:staff_list")


@require_capability(Cap.VIEW_AUDIT)
def audit_list(request):
    """The agency's audit trail: filtered by who, what, which object and when; each event
    links to its object; CSV export of the filtered events (itself audited)."""
    events = scope_to_agency(AuditEvent.objects.select_related("actor"), request.user)
    filterset = AuditFilter(request.GET, queryset=events)
    if request.GET.get("format") == "csv":
        return _audit_csv(request, filterset.qs)
    page = CappedPaginator(filterset.qs, 100).get_page(request.GET.get("page"))
    for event in page:
        event.url = object_url(event.object_type, event.object_id)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filter": filterset,
        "actions": action_choices(),
        "query_string": params.urlencode(),
    }
    return render(request, "accounts/audit_list.html", context)


def _audit_csv(request, events):
    audit_record(
        action=AuditAction.EXPORT,
        acting_user=request.user,
        details={"query": request.GET.urlencode()[:500]},
        request=request,
    )
    header = ["at", "user", "action", "object_type", "object_id", "object", "outcome", "address", "details"]
    rows = (
        [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.actor_username,
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.outcome,
            e.ip_address or "",
            json.dumps(e.details, sort_keys=True),
        ]
        for e in events.iterator(chunk_size=1000)
    )
    return csv_stream(
        itertools.chain([header], rows), filename=f"audit-{timezone.localtime():%Y%m%d-%H%M}.csv"
    )
