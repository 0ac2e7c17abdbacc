from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from cases.decisions.hooks import register_decision_recorded, register_figures_changed
        from trustportal.audit.actions import register

        from .audit_actions import ReportAction
        from .figures.build import figures_refresh
        from .policy.evaluations import evaluations_store

        register(ReportAction)
        # store each recorded decision's facts evaluated under every rule set (after commit)
        register_decision_recorded(evaluations_store)
        # keep the daily figures (dashboard, policy impact) of the days each write touched
        register_figures_changed(figures_refresh)
