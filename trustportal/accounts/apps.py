from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trustportal.accounts"
    label = "accounts"
    verbose_name = "Agencies and staff"

    def ready(self):
        from . import signals  # noqa: F401  (login/logout audit events)
