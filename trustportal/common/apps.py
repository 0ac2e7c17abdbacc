from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "trustportal.common"
    label = "common"
    verbose_name = "Shared helpers"
