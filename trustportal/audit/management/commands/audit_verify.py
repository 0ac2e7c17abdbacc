"""``manage.py audit_verify [--anchor SEQ:HASH ...]``: recompute the audit trail's hash chain.

Exit 0 and ``audit trail intact: N events`` (then the head, ``SEQ:HASH``, to record outside
the database as a later anchor); exit 1 with the first broken link. On SQLite there is no
chain (development only): it says so and exits 0.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from trustportal.audit.chain import chain_supported, parse_anchor, verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a head recorded earlier (audit_verify output, backup manifest): the row at "
            "SEQ must still have HASH. Repeatable.",
        )

    def handle(self, *args, anchor, **options):
        try:
            anchors = [parse_anchor(text) for text in anchor]
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if not chain_supported():
            self.stdout.write(
                f"audit_verify: cannot verify on {connection.vendor}: the audit trail is hash-chained "
                "only on PostgreSQL (SQLite is for development)."
            )
            return
        result = verify_chain(anchors)
        if result.intact:
            self.stdout.write(f"audit trail intact: {result.events} events")
            self.stdout.write(f"head: {result.head}")
            return
        for problem in result.problems:
            self.stderr.write(f"audit trail BROKEN: {problem}")
        raise CommandError(
            f"audit trail BROKEN ({result.events} events, head {result.head_seq})", returncode=1
        )
