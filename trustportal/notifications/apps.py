from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "trustportal.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"
