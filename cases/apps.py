from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Custody cases and detainers"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.home import register_panel

        from .audit_actions import CaseAction, CatalogueAction, DecisionAuditAction, DetainerAction
        from .board.views import HOME_PANEL

        register(CaseAction, DetainerAction, DecisionAuditAction, CatalogueAction)
        register_panel(HOME_PANEL)  # the custody board is the desk's home page
