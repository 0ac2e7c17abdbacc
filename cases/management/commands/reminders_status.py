"""Print how many reminders are due, overdue and failed (for operators and monitoring)."""

from django.core.management.base import BaseCommand

from cases.reminders import reminders_status


class Command(BaseCommand):
    help = "Print due, overdue and failed reminder and e-mail counts."

    def handle(self, *args, **options):
        status = reminders_status()
        for key in ("scheduled", "due", "overdue", "emails_pending", "emails_retrying", "emails_failed"):
            self.stdout.write(f"{key.replace('_', ' '):<16} {status[key]}")
