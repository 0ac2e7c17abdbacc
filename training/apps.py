from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from cases.decisions.gates import register_decision_gate
        from trustportal.accounts.hooks import register_staff_changed
        from trustportal.audit.actions import register
        from trustportal.common import extensions
        from trustportal.notifications import kinds, relevance

        from . import demo, reminders
        from .audit_actions import TrainingAction
        from .selectors import certificate_gate
        from .services import assignment_members_join

        register(TrainingAction)
        # An agency may require a current Trust Act certificate before a desk officer records
        # a detainer decision: cases asks its registered gates, and never imports training.
        register_decision_gate(certificate_gate)
        # An assignment to a role or to the whole agency reaches staff who join or get the role later.
        register_staff_changed(assignment_members_join)
        kinds.register(reminders.TrainingReminderKind)
        relevance.register(
            reminders.reasons_gone, target_types=(reminders.ASSIGNMENT_TARGET, reminders.CERTIFICATE_TARGET)
        )
        extensions.register_demo_seeder(demo.seed_demo_training)
        _register_audit_links()


def _register_audit_links() -> None:
    from django.urls import reverse

    from trustportal.audit import links

    links.register("training.module", lambda pk: reverse("training:module_detail", args=[pk]))
