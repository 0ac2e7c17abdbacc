"""The query shapes the pages rely on at scale can use their indexes (PostgreSQL).

A regression here is silent: the page still works and counts the same queries, it only gets
slower as the records grow (benchmarks/README.md). Each test captures the SQL a page really
runs and asks PostgreSQL's planner for its plan, sequential scans priced out (``enable_seqscan``
off; ``enable_sort`` too where the index must give the order), so on a tiny test database the
plan shows whether an index *can* serve the query: a correlated COUNT, a subquery inside the OR or a sort the
index does not give would leave the index name out of the plan.

Skipped on SQLite outside CI (CI runs on PostgreSQL, where they must pass).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.board import selectors as board_selectors
from cases.models import DecisionAction
from tests.factories import CustodyCaseFactory, DecisionFactory, DetainerFactory
from tests.vendors import postgresql_only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql():
    postgresql_only("query plans are PostgreSQL's")


def plan_of(sql: str, params=(), *, ordered: bool = False) -> str:
    """The plan, sequential scans priced out (and sorts, where the index must give the order)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"SET LOCAL enable_sort = {'off' if ordered else 'on'}")
        cursor.execute("EXPLAIN " + sql, params or None)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
    return plan


def index_only_plan(sql: str, params=()) -> str:
    """The plan with index-only scans alone allowed: a count that needs no table row."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = plan_of(sql, params)
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_bitmapscan")
    return plan


def page_sql(client, url: str, *needles: str) -> str:
    """The one query of the page whose SQL holds every needle."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in ctx.captured_queries if all(n in q["sql"] for n in needles)]
    assert found, f"no query of {url} holds {needles}"
    return found[0]


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def test_the_open_detainer_filter_probes_the_partial_index(desk, agency):
    for _ in range(3):
        DetainerFactory(case=CustodyCaseFactory(person__agency=agency))
    sql = page_sql(desk, "/cases/?open_detainer=yes", "EXISTS", "cases_detainer", "LIMIT")
    assert "detainer_open_case_idx" in plan_of(sql)


def test_the_board_reads_its_entries_in_index_order_in_one_prepared_statement(desk, agency, desk_officer):
    now = timezone.now()
    for hours in (1, 2, 3):
        DetainerFactory(
            case=CustodyCaseFactory(person__agency=agency, releasable_at=now + dt.timedelta(hours=hours))
        )
    DetainerFactory(case=CustodyCaseFactory(person__agency=agency, releasable_at=None))
    case = CustodyCaseFactory(person__agency=agency, releasable_at=now - dt.timedelta(hours=1))
    DecisionFactory(
        detainer=DetainerFactory(case=case),
        actions=[DecisionAction.HOLD],
        override_reason="A judge's warrant is on file.",
        recorded_by__agency=agency,
    )
    # the page reads the board in one statement (the missing release times, the nearest
    # deadlines and the count in a UNION ALL), prepared once on the connection
    with CaptureQueriesContext(connection) as ctx:
        assert desk.get("/cases/board/table/").status_code == 200
        assert desk.get("/cases/board/table/").status_code == 200
    name = f"board_{agency.pk}_100_1000"
    board_sql = [q["sql"] for q in ctx.captured_queries if name in q["sql"]]
    assert [sql.split(" AS ")[0] for sql in board_sql] == [
        f"PREPARE {name}",
        f"EXECUTE {name}",
        f"EXECUTE {name}",
    ]
    assert "UNION ALL" in board_sql[0] and "COUNT(*)" in board_sql[0]
    assert board_sql[0].count("LIMIT") >= 3  # each branch and the count are cut inside the union
    # each part, planned alone, reads its rows in the order of its index; the count its index alone
    limit = board_selectors.BOARD_LIMIT
    assert "board_entry_missing_idx" in plan_of(
        *board_selectors._missing(desk_officer, limit).query.sql_with_params(), ordered=True
    )
    assert "board_entry_deadline_idx" in plan_of(
        *board_selectors._nearest(desk_officer, limit).query.sql_with_params(), ordered=True
    )
    count_sql, count_params = board_selectors._counted(
        desk_officer, board_selectors.TOTAL_CAP
    ).query.sql_with_params()
    assert "Index Only Scan using board_entry_deadline_idx" in index_only_plan(count_sql, count_params)


def test_the_case_timeline_finds_detainer_events_by_the_json_index(desk, agency, desk_officer):
    from cases.detainers.services import document_add

    detainer = DetainerFactory(case=CustodyCaseFactory(person__agency=agency))
    document_add(
        detainer=detainer, data={"kind": "administrative_warrant", "form": "I-205"}, acting_user=desk_officer
    )
    sql = page_sql(desk, f"/cases/{detainer.case_id}/timeline/", "audit_auditevent", "'detainer'")
    assert sql.count("SELECT") == 1  # the ids come first: no subquery inside the OR
    json_lookup = re.search(r"\(\"audit_auditevent\"\.\"details\" -> 'detainer'\) IN \([^)]*\)", sql)
    assert json_lookup, sql
    with connection.cursor() as cursor:  # bitmap scans only: they need an index for the lookup
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = plan_of(f"SELECT id FROM audit_auditevent WHERE {json_lookup.group(0)}")  # noqa: S608 - the page's own SQL
        cursor.execute("RESET enable_indexscan")
    assert "audit_details_detainer_idx" in plan, plan


def test_the_search_box_finds_detainers_by_subject_id_event_and_a_number_through_indexes():
    from cases.detainers.selectors import detainer_match
    from cases.models import Detainer

    def plan_for(text):
        sql, params = Detainer.objects.filter(detainer_match(text)).values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            return plan_of(cursor.mogrify(sql, params))

    by_text = plan_for("subj-1")
    assert "detainer_subject_id_idx" in by_text and "detainer_event_number_idx" in by_text, by_text
    assert "detainer_file_number_idx" in plan_for("A200000001")


def test_the_audit_trail_filtered_by_an_action_counts_along_the_agency_action_index(
    client, sign_in, supervisor
):
    from trustportal.audit.services import audit_record

    for _ in range(3):
        audit_record(action="case.update", acting_user=supervisor, details={})
    sign_in(supervisor)
    count = page_sql(client, "/accounts/audit/?action=case.update", "COUNT(*)", "audit_auditevent")
    plan = index_only_plan(count)
    assert "Index Only Scan using audit_agency_action_idx" in plan, plan
