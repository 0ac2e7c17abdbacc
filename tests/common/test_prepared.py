"""``run_prepared``: a statement planned once per connection gives the rows a plain query
gives, is prepared once and executed after, and falls back to a plain query where prepared
statements are off (SQLite, or a pooler in transaction mode)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.vendors import postgresql_only
from trustportal.common import prepared
from trustportal.common.prepared import run_prepared

pytestmark = pytest.mark.django_db

SQL = "SELECT n, %s || n::text FROM generate_series(1, %s) AS n WHERE %s LIKE %s ORDER BY n"
PARAMS = ("row ", 3, "50% off", "50%%")


@pytest.fixture(autouse=True)
def postgresql():
    postgresql_only("prepared statements are PostgreSQL's")


def sent(ctx) -> list[str]:
    return [q["sql"].split(" AS ")[0] for q in ctx.captured_queries]


def test_the_rows_are_a_plain_querys_and_the_statement_is_prepared_once():
    with connection.cursor() as cursor:
        cursor.execute(SQL, PARAMS)
        plain = cursor.fetchall()
    with CaptureQueriesContext(connection) as ctx:
        first = run_prepared("test_rows", SQL, PARAMS)
        second = run_prepared("test_rows", SQL, PARAMS)
    assert first == second == plain == [(1, "row 1"), (2, "row 2"), (3, "row 3")]
    assert sent(ctx) == ["PREPARE test_rows", "EXECUTE test_rows", "EXECUTE test_rows"]


def test_a_value_with_a_percent_sign_is_written_in_as_a_value():
    assert run_prepared("test_percent", "SELECT %s, %s", ("100%", "it's")) == [("100%", "it's")]


def test_a_rolled_back_transaction_keeps_the_statement():
    with transaction.atomic():
        run_prepared("test_rollback", "SELECT 1")
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as ctx:
        assert run_prepared("test_rollback", "SELECT 1") == [(1,)]
    assert sent(ctx) == ["EXECUTE test_rollback"]


@pytest.mark.django_db(transaction=True)  # closes the connection
def test_a_new_connection_prepares_again():
    run_prepared("test_reconnect", "SELECT 2")
    connection.close()
    with CaptureQueriesContext(connection) as ctx:
        assert run_prepared("test_reconnect", "SELECT 2") == [(2,)]
    assert sent(ctx) == ["PREPARE test_reconnect", "EXECUTE test_reconnect"]


@pytest.mark.django_db(transaction=True)  # a connection of its own
def test_too_many_statements_on_one_connection_are_dropped_and_prepared_afresh(monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", 2)
    connection.close()
    run_prepared("test_cap_a", "SELECT 1")
    run_prepared("test_cap_b", "SELECT 2")
    with CaptureQueriesContext(connection) as ctx:
        assert run_prepared("test_cap_c", "SELECT 3") == [(3,)]
        assert run_prepared("test_cap_a", "SELECT 1") == [(1,)]
    assert sent(ctx)[:3] == ["DEALLOCATE ALL", "PREPARE test_cap_c", "EXECUTE test_cap_c"]


def test_turned_off_it_runs_a_plain_query(settings):
    settings.TRUSTPORTAL_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as ctx:
        assert run_prepared("test_off", SQL, PARAMS)[0] == (1, "row 1")
    assert [q["sql"].startswith("SELECT n,") for q in ctx.captured_queries] == [True]


@pytest.mark.parametrize("name", ["", "Board", "board; DROP TABLE x", "a" * 64, "1board"])
def test_a_name_that_is_not_a_plain_identifier_is_refused(name):
    with pytest.raises(ValueError, match="not a statement name"):
        run_prepared(name, "SELECT 1")
