"""Run one reminder sweep now, as beat does every minute: deliver the due reminders in the app
(and queue their e-mails), then record the heartbeat. For operators after an outage, and for
the demo, which sweeps once at start so its first minute shows no "not watched" banner."""

from django.core.management.base import BaseCommand

from trustportal.notifications.tasks import sweep_reminders


class Command(BaseCommand):
    help = "Deliver the due reminders now and record the sweep's heartbeat."

    def handle(self, *args, **options):
        counts = sweep_reminders()
        self.stdout.write(
            f"Swept: {counts['sent']} sent, {counts['cancelled']} cancelled, {counts['failed']} failed."
        )
