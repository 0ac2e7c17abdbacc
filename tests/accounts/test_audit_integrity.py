"""The audit trail and the decisions hold against the database roles, not just the model.

With CI=true the suite runs as the application's role (tests/restricted_db.py), so the
``default`` connection here *is* the restricted role: it may not TRUNCATE, UPDATE or DELETE
audit events or decisions, disable their triggers or skip them with replica mode. The owner
may, in SQL, only by disabling the triggers first, and the hash chain (``audit_verify``)
shows any change made that way.
"""

import datetime as dt
import io
import threading

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from tests import restricted_db
from tests.factories import DecisionFactory
from trustportal.audit.chain import GENESIS, verify_chain
from trustportal.audit.checks import check_database_role
from trustportal.audit.models import AuditEvent
from trustportal.audit.services import audit_record
from trustportal.dbroles import connection_as, insert_only_tables

restricted = pytest.mark.skipif(
    not restricted_db.RESTRICTED, reason="needs CI=true: the suite then runs as the application's role"
)


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    if connection.vendor != "postgresql":
        pytest.skip("the roles, triggers and chain exist on PostgreSQL, the production database")


def _events(n, user=None):
    return [audit_record(action="case.view", acting_user=user, details={"n": i, "k": "v"}) for i in range(n)]


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err)
    return out.getvalue()


def _broken(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", *args, stdout=io.StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    return err.getvalue()


def _as(role, *statements, params=()):
    """Run statements in one transaction as ``role`` on its own connection (committed).
    ``params`` go to every statement that has placeholders."""
    with psycopg.connect(restricted_db.role_url(role)) as conn, conn.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER TABLE
        for statement in statements:
            cursor.execute(statement, params if "%s" in statement else ())


def _tamper(*statements, params=()):
    """As a superuser: disable the UPDATE/DELETE trigger, run the statements, enable it."""
    _as(
        "admin",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete",
        *statements,
        "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_auditevent_no_update_delete",
        params=params,
    )


FORGED_INSERT = (
    "INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id, object_repr, "
    "user_agent, outcome, details, prev_hash, row_hash) "
    "VALUES ('2001-01-01', 'forger', 'case.view', '', '', '', '', 'success', '{}', '', '')"
)


# --- the application's role -------------------------------------------------------------


@restricted
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditevent",
        "TRUNCATE cases_decision CASCADE",
        "UPDATE audit_auditevent SET action = 'x'",
        "DELETE FROM audit_auditevent",
        "UPDATE cases_decision SET rationale = 'x'",
        "DELETE FROM cases_decision",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_chain",
        "ALTER TABLE cases_decision DISABLE TRIGGER cases_decision_no_update_delete",
        "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
        "DROP TABLE audit_auditevent",
        "SET session_replication_role = replica",
        "CREATE TABLE shadow_audit (id int)",
        "UPDATE django_migrations SET name = 'x'",
    ],
)
def test_the_application_role_cannot_undo_or_bypass_the_trail(desk_officer, statement):
    _events(1, desk_officer)
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert isinstance(excinfo.value.__cause__, psycopg.errors.InsufficientPrivilege), excinfo.value
    assert AuditEvent.objects.filter(action="case.view").count() == 1


@restricted
@pytest.mark.django_db
def test_the_application_role_owns_nothing_and_is_no_superuser():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb "
            "FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (restricted_db.APP, False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' "
            "AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_auditevent'::regclass"
        )
        assert cursor.fetchone()[0] == restricted_db.OWNER
    assert set(insert_only_tables()) >= {"audit_auditevent", "cases_decision"}


@restricted
@pytest.mark.django_db
def test_the_application_still_does_its_work(desk_officer):
    """It writes ordinary tables (insert, update, delete) and inserts audit events and decisions."""
    event = _events(1, desk_officer)[0]
    decision = DecisionFactory()
    desk_officer.first_name = "Changed"
    desk_officer.save()
    assert event.chain_seq and decision.pk


# --- the owner and the superuser: the triggers ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_refused_truncate_update_and_delete_by_the_triggers(desk_officer):
    _events(2, desk_officer)
    DecisionFactory()
    events = AuditEvent.objects.count()
    refusals = {
        "TRUNCATE audit_auditevent": "TRUNCATE is refused",
        "TRUNCATE cases_decision CASCADE": "TRUNCATE is refused",
        "UPDATE audit_auditevent SET action = 'x'": "append-only",
        "DELETE FROM audit_auditevent": "append-only",
        "UPDATE cases_decision SET rationale = 'x'": "immutable",
        "DELETE FROM cases_decision": "immutable",
    }
    for statement, message in refusals.items():
        with pytest.raises(psycopg.errors.RaiseException, match=message):
            _as("owner", statement)
    assert AuditEvent.objects.count() == events


@restricted
@pytest.mark.django_db(transaction=True)
def test_the_owner_cannot_skip_the_triggers_with_replica_mode():
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _as("owner", "SET session_replication_role = replica")


@pytest.mark.django_db(transaction=True)
def test_replica_mode_does_not_skip_the_triggers_even_for_a_superuser(desk_officer):
    _events(1, desk_officer)
    DecisionFactory()
    for statement in (
        "UPDATE audit_auditevent SET action = 'x'",
        "TRUNCATE audit_auditevent",
        "TRUNCATE cases_decision CASCADE",
    ):
        with pytest.raises(psycopg.errors.RaiseException):
            _as("admin", "SET session_replication_role = replica", statement)


# --- the database's time and the chain -----------------------------------------------------


@pytest.mark.django_db
def test_a_backdated_event_gets_the_databases_time(desk_officer):
    long_ago = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    event = AuditEvent.objects.create(action="case.view", actor=desk_officer, at=long_ago, chain_seq=999)
    assert abs(event.at - timezone.now()) < dt.timedelta(minutes=1)
    assert AuditEvent.objects.get(pk=event.pk).at == event.at
    assert event.chain_seq != 999
    with connection.cursor() as cursor:
        cursor.execute(FORGED_INSERT + " RETURNING at")
        assert abs(cursor.fetchone()[0] - timezone.now()) < dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_each_event_is_chained_to_the_one_before(desk_officer):
    first, second, third = _events(3, desk_officer)
    assert (second.chain_seq, third.chain_seq) == (first.chain_seq + 1, first.chain_seq + 2)
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    assert len({first.row_hash, second.row_hash, third.row_hash}) == 3
    assert AuditEvent.objects.order_by("chain_seq").first().prev_hash == GENESIS
    assert first.at <= second.at <= third.at


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_unbroken_chain(desk_officer):
    errors = []

    def write():
        try:
            for _ in range(10):
                with transaction.atomic():
                    audit_record(action="case.view", acting_user=desk_officer)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    seqs = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 40
    assert verify_chain().intact


# --- manage.py audit_verify ----------------------------------------------------------------


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_trail(desk_officer):
    _events(5, desk_officer)
    output = _verify()
    assert f"audit trail intact: {AuditEvent.objects.count()} events" in output
    head = AuditEvent.objects.order_by("-chain_seq").first()
    assert f"head: {head.chain_seq}:{head.row_hash}" in output
    assert "intact" in _verify("--anchor", f"{head.chain_seq}:{head.row_hash}")


@pytest.mark.django_db(transaction=True)
def test_audit_verify_finds_a_row_changed_behind_the_applications_back(desk_officer):
    _events(4, desk_officer)
    target = AuditEvent.objects.order_by("chain_seq")[1]
    _tamper("UPDATE audit_auditevent SET object_repr = 'nothing to see' WHERE id = %s", params=[target.pk])
    report = _broken()
    assert f"chain_seq {target.chain_seq} (event id {target.pk})" in report
    assert "changed row" in report


@pytest.mark.django_db(transaction=True)
def test_audit_verify_finds_a_changed_row_even_when_it_was_re_hashed(desk_officer):
    _events(4, desk_officer)
    target = AuditEvent.objects.order_by("chain_seq")[1]
    _tamper(
        "UPDATE audit_auditevent SET details = '{\"n\": 99}' WHERE id = %s",
        "UPDATE audit_auditevent e SET row_hash = audit_auditevent_row_hash(e) WHERE id = %s",
        params=[target.pk],
    )
    report = _broken()
    assert f"chain_seq {target.chain_seq + 1}" in report
    assert "broken link" in report


@pytest.mark.django_db(transaction=True)
def test_audit_verify_finds_a_deleted_row(desk_officer):
    _events(4, desk_officer)
    gone = AuditEvent.objects.order_by("chain_seq")[2]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", params=[gone.pk])
    report = _broken()
    assert f"missing row(s): chain_seq {gone.chain_seq} absent" in report


@pytest.mark.django_db(transaction=True)
def test_an_anchor_catches_a_trail_rewritten_from_the_changed_row_on(desk_officer):
    """Someone with the owner's rights re-hashes every row after the one they changed; the
    chain is consistent again, but a head recorded before (the backup manifest) is not."""
    _events(4, desk_officer)
    head = AuditEvent.objects.order_by("-chain_seq").first()
    anchor = f"{head.chain_seq}:{head.row_hash}"
    rewrite = """
    DO $$
    DECLARE r audit_auditevent; prev text := NULL;
    BEGIN
      FOR r IN SELECT * FROM audit_auditevent ORDER BY chain_seq LOOP
        IF prev IS NOT NULL THEN r.prev_hash := prev; END IF;
        IF r.chain_seq = 2 THEN r.object_repr := 'rewritten'; END IF;
        r.row_hash := audit_auditevent_row_hash(r);
        UPDATE audit_auditevent SET prev_hash = r.prev_hash, object_repr = r.object_repr,
                                    row_hash = r.row_hash WHERE id = r.id;
        prev := r.row_hash;
      END LOOP;
    END $$
    """
    _tamper(rewrite)
    assert "intact" in _verify()
    report = _broken("--anchor", anchor)
    assert f"anchor {head.chain_seq}:" in report and "rewritten" in report


@pytest.mark.django_db(transaction=True)
def test_audit_verify_reports_a_row_inserted_with_the_chain_trigger_disabled(desk_officer):
    _events(2, desk_officer)
    _as(
        "admin",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_chain",
        FORGED_INSERT,
        "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_auditevent_chain",
    )
    assert "unchained row" in _broken()


@pytest.mark.django_db
def test_audit_verify_refuses_a_malformed_anchor():
    with pytest.raises(CommandError, match="CHAIN_SEQ:SHA256_HEX") as excinfo:
        call_command("audit_verify", "--anchor", "12:nothex", stdout=io.StringIO())
    assert excinfo.value.returncode == 2


@pytest.mark.django_db
def test_audit_verify_says_plainly_it_cannot_verify_without_postgresql(monkeypatch):
    monkeypatch.setattr("trustportal.audit.management.commands.audit_verify.chain_supported", lambda: False)
    assert "cannot verify" in _verify()


# --- migrate_as_owner and the deploy check ------------------------------------------------


@restricted
@pytest.mark.django_db(transaction=True)
def test_migrate_as_owner_migrates_as_the_owner_and_grants_the_application_role(settings):
    settings.MIGRATION_DATABASE = dict(restricted_db.ROLES["owner"])
    out = io.StringIO()
    call_command("migrate_as_owner", verbosity=1, stdout=out)
    assert f"Granted the application's role {restricted_db.APP}" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, has_table_privilege('audit_auditevent', 'INSERT'), "
            "has_table_privilege('audit_auditevent', 'UPDATE'), "
            "has_table_privilege('accounts_user', 'UPDATE')"
        )
        assert cursor.fetchone() == (restricted_db.APP, True, False, True)


@pytest.mark.django_db
def test_migrate_as_owner_needs_the_owner_in_production(settings):
    settings.PRODUCTION = True
    settings.MIGRATION_DATABASE = None
    with pytest.raises(CommandError, match="MIGRATION_DATABASE_URL"):
        call_command("migrate_as_owner", stdout=io.StringIO())


@pytest.mark.django_db
def test_migrate_as_owner_needs_two_roles(settings):
    settings.MIGRATION_DATABASE = dict(connection.settings_dict)
    with pytest.raises(CommandError, match="two different roles"):
        call_command("migrate_as_owner", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_deploy_check_warns_about_a_role_that_could_undo_the_trail():
    ids = {problem.id for problem in check_database_role(databases=["default"])}
    if restricted_db.RESTRICTED:
        assert ids == set()
        with connection_as(restricted_db.ROLES["owner"]):
            assert {p.id for p in check_database_role(databases=["default"])} == {"trustportal.W002"}
        with connection_as(restricted_db.ROLES["admin"]):
            assert {p.id for p in check_database_role(databases=["default"])} == {"trustportal.W001"}
    else:
        assert ids <= {"trustportal.W001", "trustportal.W002"}
