"""Commands with a stable contract: a bad argument exits 2 with one line on standard error
naming it, and nothing on standard output."""

import csv
import io
import json

from django.core.management.base import BaseCommand, CommandError

from trustportal.common.csv import csv_safe

BAD_ARGUMENT = 2


class ContractCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        command_line = parser.called_from_command_line

        def one_line_error(message):
            if command_line:
                parser.exit(BAD_ARGUMENT, f"{subcommand}: error: {message}\n")
            raise CommandError(message, returncode=BAD_ARGUMENT)

        parser.error = one_line_error
        return parser

    @staticmethod
    def bad(argument: str, message: str) -> CommandError:
        return CommandError(f"{argument}: {message}", returncode=BAD_ARGUMENT)

    def agency_or_bad(self, ori: str):
        from trustportal.accounts.models import Agency

        agency = Agency.objects.filter(ori=(ori or "").strip().upper()).first()
        if agency is None:
            raise self.bad("--agency", f"no agency has the ORI {ori!r}.")
        return agency

    def emit_json(self, payload) -> None:
        self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))

    def emit_csv(self, rows) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([csv_safe(c) for c in row])
        self.stdout.write(buffer.getvalue(), ending="")
