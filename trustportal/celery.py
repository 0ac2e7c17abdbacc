"""The Celery application. Beat is the clock; the database is the source of truth (DESIGN §6)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustportal.settings")

app = Celery("trustportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
