from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trustportal.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import (
            admin_log,  # noqa: F401  (connects the admin's LogEntry to the audit trail)
            checks,  # noqa: F401 - registers the deploy check of the database role
        )
