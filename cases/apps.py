from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Custody cases and detainers"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.common import extensions
        from trustportal.home import register_panel
        from trustportal.notifications import kinds, relevance

        from . import demo, demo_history, reminder_relevance
        from .audit_actions import CaseAction, CatalogueAction, DecisionAuditAction, DetainerAction, IceAction
        from .board.views import HOME_PANEL
        from .models import CaseReminderKind

        register(CaseAction, DetainerAction, DecisionAuditAction, CatalogueAction, IceAction)
        register_panel(HOME_PANEL)  # the custody board is the desk's home page
        kinds.register(CaseReminderKind)
        relevance.register(reminder_relevance.reasons_gone, target_types=reminder_relevance.TARGET_TYPES)
        extensions.register_demo_seeder(demo.seed_demo_cases)
        extensions.register_demo_seeder(demo_history.seed_demo_history)
        _register_audit_links()


def _register_audit_links() -> None:
    """The page each kind of audited case record opens from the audit trail."""

    from trustportal.audit import links

    for object_type, name in (
        ("cases.person", "cases:person_detail"),
        ("cases.custodycase", "cases:case_detail"),
        ("cases.detainer", "cases:detainer_detail"),
        ("cases.decision", "cases:decision_detail"),
        ("cases.offense", "cases:offense_edit"),
    ):
        links.register(object_type, _url_of(name))


def _url_of(name: str):
    from django.urls import reverse

    def url_for(pk: str) -> str:
        return reverse(name, args=[pk])

    return url_for
