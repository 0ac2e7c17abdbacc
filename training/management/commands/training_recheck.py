"""Re-evaluate every scenario question with the current rule engine and offense catalogue,
and flag those whose answer has changed (for the trainer's question bank)."""

from django.core.management.base import BaseCommand

from cases.catalogue.provider import build_catalogue
from training.services import questions_recheck
from trustportal.accounts.models import Agency


class Command(BaseCommand):
    help = "Flag scenario questions whose rule-engine answer has changed (catalogue or rules corrected)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="ORI of one agency (default: every agency).")

    def handle(self, *args, **options):
        agencies = Agency.objects.all()
        if options.get("agency"):
            agencies = agencies.filter(ori=options["agency"])
        catalogue = build_catalogue()  # a full re-check reads the rows afresh, never a cache
        total = {"checked": 0, "flagged": 0}
        for agency in agencies:
            counts = questions_recheck(agency=agency, catalogue=catalogue)
            if counts["checked"]:
                self.stdout.write(f"{agency}: {counts['checked']} checked, {counts['flagged']} flagged")
            for key in total:
                total[key] += counts[key]
        self.stdout.write(
            f"Total: {total['checked']} scenario questions checked, {total['flagged']} flagged."
        )
