"""Audit actions are enumerations, never free text.

Each app declares its actions as a ``TextChoices`` and registers it in its ``AppConfig.ready``
(the floor knows no app); ``audit_record`` refuses an action no app registered, so a typo
fails in the tests instead of writing an event nobody can filter for.
"""

from django.db import models

_REGISTERED: dict[str, str] = {}


def register(*enums: type[models.TextChoices]) -> None:
    for enum in enums:
        for member in enum:
            _REGISTERED[member.value] = member.label


def is_registered(action: str) -> bool:
    return action in _REGISTERED


def label_of(action: str) -> str:
    return _REGISTERED.get(action, action)


def choices() -> list[tuple[str, str]]:
    return sorted(_REGISTERED.items())


class AuthAction(models.TextChoices):
    LOGIN = "auth.login", "Signed in"
    LOGIN_FAILED = "auth.login_failed", "Sign-in failed"
    LOGOUT = "auth.logout", "Signed out"
    SECOND_FACTOR = "auth.second_factor", "Second factor used"
    SECOND_FACTOR_ENROLLED = "auth.second_factor_enrolled", "Second factor enrolled"
    PASSWORD_CHANGE = "auth.password_change", "Password changed"


class AuditTrailAction(models.TextChoices):
    EXPORT = "audit.export", "Audit trail exported"


class AdminAction(models.TextChoices):
    """What a system administrator did in the Django admin (every add, change and delete)."""

    ADD = "admin.add", "Added in the admin"
    CHANGE = "admin.change", "Changed in the admin"
    DELETE = "admin.delete", "Deleted in the admin"


class StaffAction(models.TextChoices):
    CREATE = "staff.create", "Staff account created"
    UPDATE = "staff.update", "Staff account changed"
    UNLOCK = "staff.unlock", "Staff account unlocked"
    RESET_SECOND_FACTOR = "staff.reset_second_factor", "Second factor reset"


class NotificationAction(models.TextChoices):
    REMINDER_ACKNOWLEDGE = "reminder.acknowledge", "Reminder acknowledged"
    NOTIFICATION_READ = "notification.read", "Notification marked read"
    OUTBOX_RETRY = "outbox.retry", "E-mail retried"


register(AuthAction, StaffAction, NotificationAction, AdminAction, AuditTrailAction)
