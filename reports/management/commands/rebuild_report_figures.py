"""Count every daily figure again from the records (the dashboard's and policy impact's).

    python manage.py rebuild_report_figures [--agency CT0006400]

For the bulk paths that insert records without the services (the demo's history, benchmarks,
a restore): the services keep the figures current as they write. One transaction; prints how
long it took.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from reports.figures.build import figures_rebuild
from trustportal.accounts.models import Agency


class Command(BaseCommand):
    help = "Count the dashboard's and policy impact's daily figures again from the records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency", default="", help="Only this agency (its ORI); every agency by default."
        )

    def handle(self, *args, agency="", **options):
        agency_id = None
        if agency:
            agency_id = Agency.objects.filter(ori=agency).values_list("pk", flat=True).first()
            if agency_id is None:
                raise CommandError(f"No agency with ORI {agency!r}.")
        started = time.perf_counter()
        figures_rebuild(agency_id)
        self.stdout.write(f"Daily figures rebuilt in {time.perf_counter() - started:.1f} s.")
