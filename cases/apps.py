from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Custody cases and detainers"

    def ready(self):
        from trustportal.audit.actions import register

        from .audit_actions import CaseAction, CatalogueAction, DecisionAuditAction, DetainerAction

        register(CaseAction, DetainerAction, DecisionAuditAction, CatalogueAction)
