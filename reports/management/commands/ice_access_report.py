"""The semiannual OPM report of ICE access (C.G.S. § 54-192h(e)(3)) for one agency.

    python manage.py ice_access_report --agency CT0006400 --period 2026-H1 \\
        --form statistics|records --format csv|json

Exit 0 with the report on standard output; exit 2 with one line on standard error naming the
bad argument (unknown agency, a period other than YYYY-H1/H2, an unknown form or format) and
nothing on standard output. Generating the report is audited.
"""

from reports import opm
from reports.audit_actions import ReportAction
from reports.periods import half_year
from trustportal.audit.services import audit_record

from ._oneline import ContractCommand

FORMS = ("statistics", "records")
FORMATS = ("csv", "json")


class Command(ContractCommand):
    help = "Print the semiannual OPM report of ICE access for one agency (statistics or records)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="The agency's ORI, e.g. CT0006400.")
        parser.add_argument(
            "--period", required=True, help="A half-year: 2026-H1 (Jan–Jun) or 2026-H2 (Jul–Dec)."
        )
        parser.add_argument("--form", required=True, help="statistics or records.")
        parser.add_argument("--format", required=True, dest="fmt", help="csv or json.")

    def handle(self, *args, agency, period, form, fmt, **options):
        if form not in FORMS:
            raise self.bad("--form", f"{form!r} is not one of {', '.join(FORMS)}.")
        if fmt not in FORMATS:
            raise self.bad("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}.")
        try:
            half = half_year(period)
        except ValueError as error:
            raise self.bad("--period", str(error)) from None
        the_agency = self.agency_or_bad(agency)
        report = opm.opm_report(the_agency, half)
        audit_record(
            action=ReportAction.OPM_COMMAND,
            agency=the_agency,
            details={"period": half.label, "form": form, "format": fmt, "accesses": len(report.records)},
        )
        if fmt == "json":
            self.emit_json(report.statistics if form == "statistics" else opm.records_json(report))
        else:
            rows = opm.statistics_csv_rows(report) if form == "statistics" else opm.records_csv_rows(report)
            self.emit_csv(rows)
