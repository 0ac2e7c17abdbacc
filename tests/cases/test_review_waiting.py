"""The table of decisions waiting for review (``ReviewWaiting``) follows every path that
records, corrects or reviews a decision: the services, bulk inserts and raw SQL (the
database's triggers keep it, not Python), on PostgreSQL and on SQLite (the demo's database).
The review queue reads only it: other agencies' decisions never show, overrides and
needs-review verdicts come first, and the page costs the same queries whatever is waiting."""

import datetime as dt
import importlib
import io
import json
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import reminder_relevance
from cases.decisions.queue import since_text
from cases.decisions.services import decision_record, decision_review
from cases.models import (
    CaseReminderKind,
    Decision,
    DecisionAction,
    DocumentKind,
    ReviewOutcome,
    ReviewWaiting,
)
from tests.factories import DecisionFactory, DetainerDocumentFactory, DetainerFactory
from tests.migrating import migrate
from tests.vendors import postgresql_only
from trustportal.common.views import local_datetime_text
from trustportal.notifications.models import Reminder

pytestmark = pytest.mark.django_db

QUEUE = "/cases/reviews/"
MIGRATION = importlib.import_module("cases.migrations.0024_review_waiting")


def waiting() -> dict[int, int]:
    """{decision id: priority} of every row of the table."""
    return dict(ReviewWaiting.objects.values_list("decision_id", "priority"))


def anti_join() -> set[int]:
    """The decisions waiting for review, found the slow way: not reviewed, not superseded."""
    return set(
        Decision.objects.filter(review__isnull=True, superseded_by__isnull=True).values_list("pk", flat=True)
    )


def _decline(agency, officer, **kwargs):
    return DecisionFactory(detainer__case__person__agency=agency, recorded_by=officer, **kwargs)


def _needs_review(agency, officer):
    detainer = DetainerFactory(case__person__agency=agency)
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.UNCLEAR, form="")
    return DecisionFactory(
        detainer=detainer, recorded_by=officer, override_reason="Judge's signature checked."
    )


def _override(agency, officer):
    return DecisionFactory(
        detainer=DetainerFactory(case__person__agency=agency),
        recorded_by=officer,
        actions=[DecisionAction.NOTIFY],
        override_reason="ICE insisted.",
    )


# --- through the services ---------------------------------------------------------------


def test_a_recorded_decision_waits_until_a_supervisor_approves_it(agency, desk_officer, supervisor):
    decision = _decline(agency, desk_officer)
    row = ReviewWaiting.objects.get()
    assert (row.decision_id, row.agency_id, row.priority) == (decision.pk, agency.pk, ReviewWaiting.PLAIN)
    assert row.recorded_at == decision.recorded_at
    decision_review(decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    assert waiting() == {}


def test_overrides_and_needs_review_verdicts_wait_flagged(agency, desk_officer):
    override, unclear, plain = (
        _override(agency, desk_officer),
        _needs_review(agency, desk_officer),
        _decline(agency, desk_officer),
    )
    assert waiting() == {override.pk: 0, unclear.pk: 0, plain.pk: 1}


def test_a_returned_decision_stops_waiting_and_its_correction_waits(agency, desk_officer, supervisor):
    decision = _decline(agency, desk_officer)
    decision_review(
        decision=decision,
        outcome=ReviewOutcome.RETURNED,
        comments="Check the warrant.",
        acting_user=supervisor,
    )
    assert waiting() == {}  # back with the officer ("returned to me"), not in the queue
    correction = decision_record(
        detainer=decision.detainer,
        actions=[DecisionAction.DECLINE],
        rationale="Checked: administrative warrant only.",
        person_informed=True,
        supersedes=decision,
        acting_user=desk_officer,
    )
    assert waiting() == {correction.pk: 1}


def test_a_correction_before_review_replaces_the_decision_in_the_queue(agency, desk_officer):
    decision = _decline(agency, desk_officer)
    correction = DecisionFactory(detainer=decision.detainer, recorded_by=desk_officer, supersedes=decision)
    assert waiting() == {correction.pk: 1}
    assert set(waiting()) == anti_join()


# --- bulk and raw writes: only the triggers can keep up -----------------------------------


def test_bulk_inserted_decisions_and_raw_sql_reviews_and_corrections_are_followed(agency, desk_officer):
    template = _decline(agency, desk_officer)
    flagged_result = {**template.result, "actions": {**template.result["actions"]}}
    flagged_result["actions"]["transfer"] = {
        **flagged_result["actions"]["transfer"],
        "verdict": "needs_review",
    }
    bulk = Decision.objects.bulk_create(
        [
            Decision(
                agency=agency,
                detainer=DetainerFactory(case__person__agency=agency),
                rule_set=template.rule_set,
                engine_version=template.engine_version,
                facts=template.facts,
                result=flagged_result if i == 0 else template.result,
                actions=template.actions,
                rationale="Bulk.",
                recorded_by=desk_officer,
                recorded_at=timezone.now() - dt.timedelta(days=i),
            )
            for i in range(3)
        ]
    )
    assert waiting() == {template.pk: 1, bulk[0].pk: 0, bulk[1].pk: 1, bulk[2].pk: 1}
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_decisionreview (decision_id, reviewer_id, outcome, comments, reviewed_at)"
            " VALUES (%s, %s, 'approved', '', %s)",
            [bulk[1].pk, desk_officer.pk, timezone.now()],
        )
        # a correction of the template written in SQL, copying it
        cursor.execute(
            "INSERT INTO cases_decision (agency_id, detainer_id, supersedes_id, rule_set, engine_version,"
            " facts, result, actions, hold_until, rationale, is_override, override_reason,"
            " override_request_id, person_informed, copy_given, recorded_by_id, recorded_at)"
            " SELECT agency_id, detainer_id, id, rule_set, engine_version, facts, result, actions,"
            " hold_until, 'Raw correction.', true, 'Raw.', NULL, person_informed, copy_given,"
            " recorded_by_id, recorded_at FROM cases_decision WHERE id = %s",
            [template.pk],
        )
    correction = Decision.objects.get(supersedes=template)
    assert waiting() == {bulk[0].pk: 0, bulk[2].pk: 1, correction.pk: 0}
    assert set(waiting()) == anti_join()


def test_the_demo_seeds_year_of_history_is_followed():
    """The demo's history is bulk-inserted (``cases/demo_history.py``), reviews included."""
    call_command("seed_demo", stdout=io.StringIO())
    assert waiting() and set(waiting()) == anti_join()
    assert len(waiting()) < Decision.objects.count()


def test_a_review_removed_by_hand_puts_the_decision_back(agency, desk_officer, supervisor):
    decision = _decline(agency, desk_officer)
    decision_review(decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    with connection.cursor() as cursor:  # DecisionReview is not insert-only: an owner's repair
        cursor.execute("DELETE FROM cases_decisionreview WHERE decision_id = %s", [decision.pk])
    assert waiting() == {decision.pk: 1}


def test_the_sqlite_triggers_follow_inserts_corrections_and_reviews():
    """The demo's SQLite database gets its own triggers: run them on a bare SQLite database."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE cases_decision (id integer PRIMARY KEY, agency_id integer, supersedes_id integer,
            is_override bool, result text, recorded_at datetime);
        CREATE TABLE cases_decisionreview (id integer PRIMARY KEY, decision_id integer UNIQUE);
        CREATE TABLE cases_reviewwaiting (decision_id integer PRIMARY KEY, agency_id integer,
            priority smallint, recorded_at datetime);
        """
    )
    # the backfill: decision 1 recorded and reviewed, 2 waiting, before the migration
    plain = json.dumps(
        {"actions": {"detain": {"verdict": "prohibited"}, "transfer": {"verdict": "prohibited"}}}
    )
    unclear = json.dumps(
        {"actions": {"detain": {"verdict": "prohibited"}, "transfer": {"verdict": "needs_review"}}}
    )
    db.execute("INSERT INTO cases_decision VALUES (1, 7, NULL, 0, ?, '2026-01-01 10:00:00')", [plain])
    db.execute("INSERT INTO cases_decision VALUES (2, 7, NULL, 0, ?, '2026-01-02 10:00:00')", [plain])
    db.execute("INSERT INTO cases_decisionreview VALUES (1, 1)")
    for statement in MIGRATION.SQLITE_FORWARD:
        db.execute(statement)

    def rows():
        return db.execute(
            "SELECT decision_id, agency_id, priority FROM cases_reviewwaiting ORDER BY 1"
        ).fetchall()

    assert rows() == [(2, 7, 1)]
    db.execute("INSERT INTO cases_decision VALUES (3, 7, NULL, 0, ?, '2026-01-03 10:00:00')", [unclear])
    db.execute("INSERT INTO cases_decision VALUES (4, 8, NULL, 1, ?, '2026-01-03 11:00:00')", [plain])
    assert rows() == [(2, 7, 1), (3, 7, 0), (4, 8, 0)]
    db.execute("INSERT INTO cases_decision VALUES (5, 7, 2, 0, ?, '2026-01-04 10:00:00')", [plain])
    db.execute("INSERT INTO cases_decisionreview VALUES (2, 3)")
    assert rows() == [(4, 8, 0), (5, 7, 1)]
    db.execute("DELETE FROM cases_decisionreview WHERE decision_id = 3")
    assert rows() == [(3, 7, 0), (4, 8, 0), (5, 7, 1)]


def test_the_review_reminder_goes_out_only_while_the_decision_waits(agency, desk_officer, supervisor):
    """The sweep's relevance check reads the same table: reviewed or corrected, no reminder."""
    reviewed, corrected, waiting_one = (_decline(agency, desk_officer) for _ in range(3))
    decision_review(decision=reviewed, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    correction = DecisionFactory(detainer=corrected.detainer, recorded_by=desk_officer, supersedes=corrected)
    reminders = list(Reminder.objects.filter(kind=CaseReminderKind.REVIEW_WAITING))
    gone = reminder_relevance.reasons_gone(reminders)
    assert {r.target_id: gone[r.pk] for r in reminders} == {
        reviewed.pk: "reviewed",
        corrected.pk: "reviewed",
        waiting_one.pk: "",
        correction.pk: "",
    }


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 30, 18, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 4, 3, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),  # 01:30 EDT, before the clocks go back
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC),  # 01:30 EST, after
    ],
)
def test_the_queue_says_when_a_decision_was_recorded_in_the_apps_one_format(moment):
    days: dict = {}
    assert since_text(moment, days) == local_datetime_text(moment)
    assert since_text(moment, days) == local_datetime_text(moment)  # the day's words from the page's memo


# --- the queue page ------------------------------------------------------------------------


def _rows(html: str) -> list[int]:
    marker = 'data-testid="queue-row" data-decision="'
    return [int(part[: part.index('"')]) for part in html.split(marker)[1:]]


def test_the_queue_lists_only_the_agencys_waiting_decisions_flagged_first(
    client, sign_in, agency, desk_officer, supervisor, other_officer
):
    plain = _decline(agency, desk_officer)
    override = _override(agency, desk_officer)
    reviewed = _decline(agency, desk_officer)
    decision_review(decision=reviewed, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    outsiders = [
        _override(other_officer.agency, other_officer),
        _decline(other_officer.agency, other_officer),
    ]
    sign_in(supervisor)
    html = client.get(QUEUE).content.decode()
    assert _rows(html) == [override.pk, plain.pk]
    assert "2 waiting" in html and "Override</span>" in html
    assert not set(_rows(html)) & {d.pk for d in outsiders}


def test_the_queue_costs_the_same_queries_with_one_or_sixty_waiting(
    client, sign_in, agency, desk_officer, supervisor
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(QUEUE).status_code == 200
        return len(ctx.captured_queries)

    _override(agency, desk_officer)
    sign_in(supervisor)
    client.get(QUEUE)  # the session's first-minute writes aside
    one = queries()
    template = Decision.objects.get()
    Decision.objects.bulk_create(
        [
            Decision(
                agency=agency,
                detainer=DetainerFactory(case__person__agency=agency),
                rule_set=template.rule_set,
                engine_version=template.engine_version,
                facts=template.facts,
                result=template.result,
                actions=template.actions,
                rationale="Bulk.",
                recorded_by=desk_officer,
                recorded_at=timezone.now(),
            )
            for _ in range(59)
        ]
    )
    assert queries() == one <= 12
    html = client.get(QUEUE).content.decode()
    assert len(_rows(html)) == 50 and "60 waiting" in html
    assert len(_rows(client.get(QUEUE + "?page=2").content.decode())) == 10


def test_the_queues_query_reads_the_waiting_table_along_its_index(
    client, sign_in, supervisor, agency, desk_officer
):
    """PostgreSQL: with sequential scans and sorts priced out, the queue's page query walks
    ``review_waiting_queue_idx`` in order and never reads every decision (an anti-join over
    ``cases_decisionreview`` would come back silently, only slower as decisions grow)."""
    postgresql_only("query plans are PostgreSQL's")
    for _ in range(3):
        _decline(agency, desk_officer)
    sign_in(supervisor)
    with CaptureQueriesContext(connection) as ctx:
        client.get(QUEUE)
    sql = next(
        q["sql"] for q in ctx.captured_queries if "cases_reviewwaiting" in q["sql"] and "ORDER BY" in q["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "review_waiting_queue_idx" in plan
    assert "cases_decisionreview" not in plan and "Sort" not in plan, plan


@pytest.mark.django_db(transaction=True)
def test_the_migration_backfills_the_decisions_already_waiting(agency, desk_officer, supervisor):
    """Decisions recorded (and reviewed, and corrected) before migration 0024 are in the table
    after it, with their priority: the same SELECT as the triggers'."""
    plain, override, reviewed, corrected = (
        _decline(agency, desk_officer),
        _override(agency, desk_officer),
        _decline(agency, desk_officer),
        _decline(agency, desk_officer),
    )
    correction = DecisionFactory(detainer=corrected.detainer, recorded_by=desk_officer, supersedes=corrected)
    try:
        migrate(("cases", "0023_person_history_without_confidential"))
        with connection.cursor() as cursor:  # no trigger now: reviewed before the table existed
            cursor.execute(
                "INSERT INTO cases_decisionreview (decision_id, reviewer_id, outcome, comments, reviewed_at)"
                " VALUES (%s, %s, 'approved', '', %s)",
                [reviewed.pk, supervisor.pk, timezone.now()],
            )
    finally:
        migrate()
    assert waiting() == {plain.pk: 1, override.pk: 0, correction.pk: 1}
