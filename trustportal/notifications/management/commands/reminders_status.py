"""Print how many reminders are due, overdue and failing (for operators and monitoring).

Exits 1 when reminders are overdue (due more than 5 minutes ago and still not sent: no
worker or beat is running) or e-mails have failed for good, so a cron check can alert.
"""

from django.core.management.base import BaseCommand

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


class Command(BaseCommand):
    help = "Print due, overdue and failed reminder and e-mail counts; exit 1 when something is stuck."

    def add_arguments(self, parser):
        parser.add_argument("--no-fail", action="store_true", help="Always exit 0 (only print).")

    def handle(self, *args, **options):
        status = reminders_status()
        for key, label in LINES:
            self.stdout.write(f"{label:<28} {status[key]}")
        stuck = status["overdue"] or status["emails_failed"]
        if stuck and not options["no_fail"]:
            self.stderr.write(
                "Reminders are overdue or e-mails have failed: check the Celery worker and beat."
            )
            raise SystemExit(1)
