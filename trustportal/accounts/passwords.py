"""Auditing password changes. Django calls every password validator's ``password_changed``
when a user with a new password is saved (own change, an admin's reset, the admin site), in
the same transaction as the save."""

from trustportal.audit.actions import AuthAction
from trustportal.audit.context import current_actor
from trustportal.audit.services import audit_record


class AuditPasswordChange:
    """Not a rule on the password: it writes the audit event for a changed password."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "_password_change_audited", False):
            return
        user._password_change_audited = False
        actor = current_actor() or user
        audit_record(
            action=AuthAction.PASSWORD_CHANGE,
            acting_user=actor,
            obj=user,
            agency=user.agency,
            details={"own": actor.pk == user.pk},
        )

    def get_help_text(self):
        return ""
