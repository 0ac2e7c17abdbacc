from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Custody cases and detainers"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.common import extensions
        from trustportal.notifications import kinds, relevance

        from . import demo, reminder_relevance
        from .audit_actions import CaseAction, CatalogueAction, DecisionAuditAction, DetainerAction
        from .board.views import home_panel
        from .models import CaseReminderKind

        register(CaseAction, DetainerAction, DecisionAuditAction, CatalogueAction)
        kinds.register(CaseReminderKind)
        relevance.register(reminder_relevance.reasons_gone, target_types=reminder_relevance.TARGET_TYPES)
        extensions.register_home_panel(home_panel)
        extensions.register_demo_seeder(demo.seed_demo_cases)
