"""The custody board's entries: one row per detainer on the board, kept by the database."""

from django.db import models
from django.db.models import Q

from cases.models.detainers import Detainer


class BoardEntry(models.Model):
    """A detainer on the custody board, with what orders it there.

    A detainer is on the board while its booking is in custody and it is open, or decided
    with a hold, or decided or declined without one (release is a duty too) once a release
    time is entered. ``kind`` says which deadline it has: ``missing`` (open, the release time
    not yet entered: listed first, by booking number), ``decision`` (open: decide before the
    release time), ``hold`` (the hold limit) or ``release`` (release at the release time);
    ``deadline`` is that time (none for ``missing``).

    Database triggers on ``cases_detainer`` and ``cases_custodycase`` keep it (migration
    ``0029_board_entry``), on PostgreSQL and on SQLite, whatever path writes (services, bulk
    updates, raw SQL): each recomputes the entries of the detainers it touches from the
    records. Python never writes it. The board reads its nearest deadlines and its capped
    count along the two indexes below, so a poll costs the rows it shows, not the detainers
    and bookings behind them (DESIGN §10).
    """

    MISSING, DECISION, HOLD, RELEASE = "missing", "decision", "hold", "release"

    detainer = models.OneToOneField(
        Detainer, on_delete=models.DO_NOTHING, primary_key=True, related_name="board_entry"
    )
    # both indexes start with the agency: no index of its own
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=8)
    deadline = models.DateTimeField(null=True)
    booking_number = models.CharField(max_length=32)

    class Meta:
        indexes = [
            # the nearest deadlines, and the count (missing ones have no deadline: last)
            models.Index(
                fields=["agency", "deadline", "booking_number", "detainer"], name="board_entry_deadline_idx"
            ),
            models.Index(
                fields=["agency", "booking_number", "detainer"],
                name="board_entry_missing_idx",
                condition=Q(kind="missing"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.detainer_id}"
