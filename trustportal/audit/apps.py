from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trustportal.audit"
    label = "audit"
    verbose_name = "Audit trail"
