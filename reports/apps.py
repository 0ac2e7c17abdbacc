from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from trustportal.audit.actions import register

        from .audit_actions import ReportAction

        register(ReportAction)
