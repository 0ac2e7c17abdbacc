from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Custody cases and detainers"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.notifications import kinds, relevance

        from . import reminder_relevance
        from .audit_actions import CaseAction, CatalogueAction, DecisionAuditAction, DetainerAction
        from .models import CaseReminderKind

        register(CaseAction, DetainerAction, DecisionAuditAction, CatalogueAction)
        kinds.register(CaseReminderKind)
        relevance.register(reminder_relevance.reasons_gone, target_types=reminder_relevance.TARGET_TYPES)
