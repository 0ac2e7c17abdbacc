from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from trustportal.audit.actions import register

        from .audit_actions import TrainingAction

        register(TrainingAction)
