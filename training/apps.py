from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from trustportal.audit.actions import register
        from trustportal.common import extensions
        from trustportal.notifications import kinds, relevance

        from . import demo, reminders
        from .audit_actions import TrainingAction

        register(TrainingAction)
        kinds.register(reminders.TrainingReminderKind)
        relevance.register(
            reminders.reasons_gone, target_types=(reminders.ASSIGNMENT_TARGET, reminders.CERTIFICATE_TARGET)
        )
        extensions.register_demo_seeder(demo.seed_demo_training)
