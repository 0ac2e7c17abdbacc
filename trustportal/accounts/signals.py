"""Audit events for Django's authentication signals (login, logout, failed login)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit_record(
        action="auth.login", acting_user=user, request=request, details={"banner_acknowledged": True}
    )


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", acting_user=user, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    agency = None
    from .models import User

    known = User.objects.filter(username=username).select_related("agency").first()
    if known is not None:
        agency = known.agency
    audit_record(
        action="auth.login_failed",
        username=username,
        agency=agency,
        outcome=AuditEvent.Outcome.FAILURE,
        request=request,
    )
