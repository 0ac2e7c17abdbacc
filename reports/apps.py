from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from cases.decisions.hooks import register_decision_recorded
        from trustportal.audit.actions import register

        from .audit_actions import ReportAction
        from .policy.evaluations import evaluations_store

        register(ReportAction)
        # store each recorded decision's facts evaluated under every rule set (after commit)
        register_decision_recorded(evaluations_store)
