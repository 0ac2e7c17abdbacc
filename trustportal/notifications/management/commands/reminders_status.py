"""Print how many reminders are due, overdue and failing (for operators and monitoring).

Exits 1 when something is stuck, so a cron check can alert: reminders are overdue (due more
than 5 minutes ago and still not sent), the last sweep ran more than 5 minutes ago (or never:
no beat, no worker for the ``reminders`` queue), e-mails have failed for good, or every
e-mail attempt has been failing for 15 minutes (the mail server is down).
"""

from django.core.management.base import BaseCommand

from trustportal.common.views import local_datetime_text
from trustportal.notifications.monitoring import reminders_status

LINES = (
    ("scheduled", "reminders scheduled"),
    ("due", "reminders due now"),
    ("overdue", "reminders overdue (>5 min)"),
    ("failing", "reminders with errors"),
    ("emails_pending", "e-mails pending"),
    ("emails_retrying", "e-mails retrying"),
    ("emails_failed", "e-mails failed"),
)
PROBLEMS = (
    ("overdue", "Reminders are overdue: check the Celery worker for the reminders queue and beat."),
    ("sweep_late", "The sweep has not run for more than 5 minutes: check beat and the reminders worker."),
    ("emails_failed", "E-mails have failed for good: a supervisor can retry them at /notifications/failed/."),
    ("email_down", "Every e-mail attempt has been failing for 15 minutes: check the mail server."),
)


class Command(BaseCommand):
    help = "Print due, overdue and failed reminder and e-mail counts; exit 1 when something is stuck."

    def add_arguments(self, parser):
        parser.add_argument("--no-fail", action="store_true", help="Always exit 0 (only print).")

    def handle(self, *args, **options):
        status = reminders_status()
        for key, label in LINES:
            self.stdout.write(f"{label:<28} {status[key]}")
        last = status["last_sweep"]
        self.stdout.write(f"{'last sweep':<28} {local_datetime_text(last) if last else 'never'}")
        problems = [text for key, text in PROBLEMS if status[key]]
        for text in problems:
            self.stderr.write(text)
        if problems and not options["no_fail"]:
            raise SystemExit(1)
