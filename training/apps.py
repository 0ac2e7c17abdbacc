from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.notifications import kinds, relevance

        from . import reminders
        from .audit_actions import TrainingAction

        register(TrainingAction)
        kinds.register(reminders.TrainingReminderKind)
        relevance.register(
            reminders.reasons_gone, target_types=(reminders.ASSIGNMENT_TARGET, reminders.CERTIFICATE_TARGET)
        )
