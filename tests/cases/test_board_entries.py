"""The board's entries (``BoardEntry``) follow every path that changes a detainer or a booking:
the services, bulk updates and raw SQL (the database's triggers keep them, not Python), on
PostgreSQL and on SQLite (the demo's database). Each test compares the table with the board
worked out the slow way from the records (``expected``)."""

import datetime as dt
import importlib
import io
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cases.custody.services import case_release, case_update
from cases.models import BoardEntry, CaseStatus, CustodyCase, DecisionAction, Detainer, DetainerStatus
from tests.factories import CustodyCaseFactory, DecisionFactory, DetainerFactory

pytestmark = pytest.mark.django_db

BOARD_MIGRATION = importlib.import_module("cases.migrations.0029_board_entry")
MIGRATION = importlib.import_module("cases.migrations.0031_drop_detainer_in_custody")  # the SELECT now


def entries() -> dict[int, tuple]:
    """{detainer: (agency, kind, deadline, booking number)} of every row of the table."""
    return {
        e.detainer_id: (e.agency_id, e.kind, e.deadline, e.booking_number) for e in BoardEntry.objects.all()
    }


def expected() -> dict[int, tuple]:
    """The board worked out from the records: a booking in custody with a detainer open
    (missing a release time, or a decision due before it), decided with a hold (its limit), or
    decided or declined without one once a release time is entered (release at it)."""
    board = {}
    for d in Detainer.objects.select_related("case"):
        case = d.case
        if case.status != CaseStatus.IN_CUSTODY:
            continue
        if d.status == DetainerStatus.OPEN:
            kind, deadline = (
                ("missing", None) if case.releasable_at is None else ("decision", case.releasable_at)
            )
        elif d.status == DetainerStatus.DECIDED and d.hold_until is not None:
            kind, deadline = "hold", d.hold_until
        elif (
            d.status in (DetainerStatus.DECIDED, DetainerStatus.DECLINED)
            and d.hold_until is None
            and case.releasable_at is not None
        ):
            kind, deadline = "release", case.releasable_at
        else:
            continue
        board[d.pk] = (case.agency_id, kind, deadline, case.booking_number)
    return board


def _in_custody(agency, hours: float | None = 5, **kwargs):
    releasable_at = None if hours is None else timezone.now() + dt.timedelta(hours=hours)
    return DetainerFactory(
        case=CustodyCaseFactory(person__agency=agency, releasable_at=releasable_at), **kwargs
    )


def test_a_detainer_logged_is_on_the_board_with_its_kind_of_deadline(agency):
    missing, due = _in_custody(agency, None), _in_custody(agency, 5)
    assert entries() == expected()
    assert entries()[missing.pk][1:3] == ("missing", None)
    assert entries()[due.pk][1:3] == ("decision", due.case.releasable_at)


def test_entering_or_changing_the_release_time_and_booking_number_moves_the_entry(agency, desk_officer):
    detainer = _in_custody(agency, None)
    later = timezone.now() + dt.timedelta(hours=9)
    case_update(
        case=detainer.case,
        data={"releasable_at": later, "booking_number": "B-NEW-1"},
        acting_user=desk_officer,
    )
    assert entries()[detainer.pk] == (agency.pk, "decision", later, "B-NEW-1")
    assert entries() == expected()


def test_a_decision_holds_or_declines_and_a_release_takes_the_detainers_off(agency, desk_officer):
    held, declined = _in_custody(agency, -1), _in_custody(agency, 3)
    DecisionFactory(
        detainer=held,
        actions=[DecisionAction.HOLD],
        override_reason="A judge's warrant is on file.",
        recorded_by__agency=agency,
    )
    DecisionFactory(detainer=declined, recorded_by__agency=agency)
    held.refresh_from_db()
    assert entries()[held.pk][1:3] == ("hold", held.hold_until)
    assert entries()[declined.pk][1:3] == ("release", declined.case.releasable_at)
    assert entries() == expected()
    case_release(case=declined.case, at=timezone.now(), reason="Bond posted.", acting_user=desk_officer)
    assert declined.pk not in entries()
    assert entries() == expected()


def test_bulk_updates_and_raw_sql_are_followed(agency):
    detainers = [_in_custody(agency, h) for h in (None, 2, 4, 6)]
    CustodyCase.objects.filter(pk=detainers[0].case_id).update(releasable_at=timezone.now())
    Detainer.objects.filter(pk=detainers[1].pk).update(status=DetainerStatus.CANCELLED)
    transferred = CustodyCase.objects.filter(pk=detainers[2].case_id)
    transferred.update(status=CaseStatus.TRANSFERRED_AGENCY, closed_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_detainer SET status = 'declined' WHERE id = %s", [detainers[3].pk])
    assert entries() == expected()
    assert set(entries()) == {detainers[0].pk, detainers[3].pk}
    assert entries()[detainers[3].pk][1] == "release"


def test_a_detainer_deleted_by_hand_leaves_the_board(agency):
    detainer = _in_custody(agency)
    with connection.cursor() as cursor:  # an owner's repair: no service deletes a detainer
        cursor.execute("DELETE FROM cases_detainer WHERE id = %s", [detainer.pk])
    assert entries() == {} == expected()


def test_another_agencys_detainers_have_their_agency(agency, other_agency):
    mine, theirs = _in_custody(agency), _in_custody(other_agency)
    assert entries()[mine.pk][0] == agency.pk and entries()[theirs.pk][0] == other_agency.pk


def test_the_demo_seeds_history_is_followed():
    """The demo's year of history is bulk-inserted and its bookings closed in bulk
    (``cases/demo_history.py``)."""
    call_command("seed_demo", stdout=io.StringIO())
    assert entries() and entries() == expected()


def test_the_migration_backfills_the_board(agency, desk_officer):
    """Detainers logged before migration 0029 are on the board after it: the same SELECT as
    the triggers'."""
    _in_custody(agency, None), _in_custody(agency, 4)
    DecisionFactory(detainer=_in_custody(agency, 2), recorded_by__agency=agency)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_boardentry")
        cursor.execute(f"{MIGRATION.INSERT} {MIGRATION.ENTRY_SELECT}")
    assert len(entries()) == 3 and entries() == expected()


def test_the_sqlite_triggers_follow_detainers_and_bookings():
    """The demo's SQLite database gets its own triggers: run them on a bare SQLite database."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE cases_custodycase (id integer PRIMARY KEY, agency_id integer, status text,
            releasable_at datetime, booking_number text);
        CREATE TABLE cases_detainer (id integer PRIMARY KEY, case_id integer, status text,
            hold_until datetime, in_custody bool);
        CREATE TABLE cases_boardentry (detainer_id integer PRIMARY KEY, agency_id integer,
            kind text, deadline datetime, booking_number text);
        INSERT INTO cases_custodycase VALUES (1, 7, 'in_custody', NULL, 'B1');
        INSERT INTO cases_custodycase VALUES (2, 7, 'in_custody', '2026-12-01 10:00:00', 'B2');
        INSERT INTO cases_detainer VALUES (1, 1, 'open', NULL, 1);
        """
    )
    for statement in [*BOARD_MIGRATION.SQLITE_FORWARD, *MIGRATION.SQLITE_FORWARD]:  # as applied
        db.execute(statement)
    db.execute("ALTER TABLE cases_detainer DROP COLUMN in_custody")  # 0031 drops it

    def rows():
        return db.execute(
            "SELECT detainer_id, kind, deadline, booking_number FROM cases_boardentry ORDER BY 1"
        ).fetchall()

    assert rows() == [(1, "missing", None, "B1")]  # the backfill
    db.execute("INSERT INTO cases_detainer VALUES (2, 2, 'open', NULL)")
    db.execute(
        "UPDATE cases_custodycase SET releasable_at = '2026-12-02 09:00:00', booking_number = 'B1X'"
        " WHERE id = 1"
    )
    assert rows() == [
        (1, "decision", "2026-12-02 09:00:00", "B1X"),
        (2, "decision", "2026-12-01 10:00:00", "B2"),
    ]
    db.execute(
        "UPDATE cases_detainer SET status = 'decided', hold_until = '2026-12-03 10:00:00' WHERE id = 2"
    )
    db.execute("UPDATE cases_detainer SET status = 'declined' WHERE id = 1")
    assert rows() == [(1, "release", "2026-12-02 09:00:00", "B1X"), (2, "hold", "2026-12-03 10:00:00", "B2")]
    db.execute("UPDATE cases_custodycase SET status = 'released' WHERE id = 1")
    db.execute("DELETE FROM cases_detainer WHERE id = 2")
    assert rows() == []
