"""What each law would change, for one agency's decisions in a range of local days.

    python manage.py policy_impact --agency CT0006400 --from 2025-01-01 --to 2025-12-31 \\
        --format json|csv

Prints, per rule set (ct-2013, ct-2019, ct-2025, none), the count of each verdict for each
action and the number of detainers evaluated (their current decisions recorded in the range),
from the stored evaluations. Exit 2 with one line on standard error naming the bad argument
(unknown agency, a date that is not YYYY-MM-DD, a range that ends before it starts, an unknown
format) and nothing on standard output. Audited.
"""

import datetime as dt

from reports.audit_actions import ReportAction
from reports.periods import date_range
from reports.policy.impact import VERDICTS, policy_impact
from trustportal.audit.services import audit_record

from ._oneline import ContractCommand

FORMATS = ("json", "csv")


class Command(ContractCommand):
    help = "Print per rule set the verdict counts of each action for one agency's decisions in a range."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="The agency's ORI, e.g. CT0006400.")
        parser.add_argument("--from", required=True, dest="first", help="First local day, YYYY-MM-DD.")
        parser.add_argument("--to", required=True, dest="last", help="Last local day, YYYY-MM-DD.")
        parser.add_argument("--format", required=True, dest="fmt", help="json or csv.")

    def _day(self, argument: str, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.bad(argument, f"{value!r} is not a date like 2025-01-31.") from None

    def handle(self, *args, agency, first, last, fmt, **options):
        if fmt not in FORMATS:
            raise self.bad("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}.")
        first_day, last_day = self._day("--from", first), self._day("--to", last)
        if last_day < first_day:
            raise self.bad("--to", f"{last} comes before --from {first}.")
        the_agency = self.agency_or_bad(agency)
        impact = policy_impact(the_agency, date_range(first_day, last_day))
        audit_record(
            action=ReportAction.POLICY_COMMAND,
            agency=the_agency,
            details={"from": first_day.isoformat(), "to": last_day.isoformat(), "format": fmt},
        )
        if fmt == "json":
            self.emit_json(impact.as_json(the_agency.ori))
        else:
            self.emit_csv([["rule_set", "action", *VERDICTS, "detainers_evaluated"], *impact.verdict_rows()])
