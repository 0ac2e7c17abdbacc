"""What each law would change: evaluations stored when a decision is recorded, recomputed in the
background when the engine or catalogue changes, counted (never evaluated) by the page and the
command; one agency's decisions only; CSV; a fixed number of queries."""

import datetime as dt
import functools
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import ManagementUtility
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.catalogue.provider import current_catalogue
from cases.models import Decision
from cases.rules import ENGINE_VERSION, RULE_SETS, ScenarioError
from reports.figures.build import figures_rebuild
from reports.models import PolicyEvaluation, PolicyRecompute, RecomputeStatus
from reports.policy import recompute
from reports.policy.evaluations import COLUMNS, evaluation_tuples
from tests.factories import DecisionFactory, DetainerFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
URL = "/reports/policy/"
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}


def decide(agency, when, django_capture_on_commit_callbacks):
    """A declined detainer decided at ``when``, its after-record hooks run (as after commit)."""
    with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
        detainer = DetainerFactory(case__person__agency=agency, received_at=when - dt.timedelta(hours=2))
        return DecisionFactory(detainer=detainer)


@pytest.fixture
def decided(agency, other_agency, django_capture_on_commit_callbacks):
    mine = [
        decide(agency, dt.datetime(2026, 2, day, 10, tzinfo=NY), django_capture_on_commit_callbacks)
        for day in (3, 4, 5)
    ]
    decide(other_agency, dt.datetime(2026, 2, 6, 10, tzinfo=NY), django_capture_on_commit_callbacks)
    decide(agency, dt.datetime(2025, 12, 31, 23, 30, tzinfo=NY), django_capture_on_commit_callbacks)
    return mine


def test_recording_a_decision_stores_its_facts_evaluated_under_every_rule_set(agency, decided):
    decision = decided[0]
    rows = {e.rule_set: e for e in PolicyEvaluation.objects.filter(decision=decision)}
    assert set(rows) == set(RULE_SETS)
    assert [rs for rs, e in rows.items() if e.in_force] == [decision.rule_set]
    assert rows[decision.rule_set].detain == decision.result["actions"]["detain"]["verdict"]
    assert {(e.engine_version, e.catalogue_version) for e in rows.values()} == {
        (ENGINE_VERSION, decision.result["catalogue_version"])
    }
    # a detainer with no exception: the 2019 law prohibits the hold, no Trust Act permits it
    assert (rows["ct-2019"].detain, rows["none"].detain) == ("prohibited", "permitted")


def test_the_page_counts_one_agencys_decisions_in_the_period(sign_in, supervisor, decided):
    page = sign_in(supervisor).get(URL, PERIOD)
    assert page.status_code == 200
    rows = {(r[0], r[1]): r[2:] for r in page.context["verdict_rows"]}
    # three decisions in the period (not the other agency's, not New Year's Eve's)
    assert rows[("ct-2019", "detain")] == [0, 0, 3, 3]
    assert rows[("none", "detain")] == [3, 0, 0, 3]
    differences = page.context["differences"]
    assert [(alt, n) for alt, _offense, n, _changes in differences if alt == "none"] == [("none", 3)]
    assert "hold for ICE: prohibited → permitted (3)" in next(d[3] for d in differences if d[0] == "none")
    assert AuditEvent.objects.filter(action="report.policy_view", actor=supervisor).exists()


def test_auditors_see_it_desk_officers_do_not(sign_in, auditor, desk_officer, decided):
    assert sign_in(auditor).get(URL, PERIOD).status_code == 200
    assert sign_in(desk_officer).get(URL, PERIOD).status_code == 403


def test_the_page_never_evaluates(sign_in, supervisor, decided, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page evaluated a scenario")

    monkeypatch.setattr("reports.policy.evaluations.verdicts_by_rule_set", refuse)
    monkeypatch.setattr("cases.rules.engine.evaluate", refuse)
    monkeypatch.setattr("cases.rules.engine.verdicts_by_rule_set", refuse)
    assert sign_in(supervisor).get(URL, PERIOD).status_code == 200


def test_the_csv_of_each_table(sign_in, supervisor, decided):
    client = sign_in(supervisor)
    verdicts = client.get("/reports/policy/verdicts.csv", PERIOD).getvalue().decode()
    assert "ct-2019,detain,0,0,3,3" in verdicts.replace("\r", "")
    differences = client.get("/reports/policy/differences.csv", PERIOD).getvalue().decode()
    assert differences.splitlines()[0].startswith("alternative rule set,offense")
    assert client.get("/reports/policy/people.csv", PERIOD).status_code == 404
    assert AuditEvent.objects.filter(action="report.policy_export").count() == 2


def test_the_page_takes_a_fixed_number_of_queries(
    sign_in, supervisor, agency, decided, django_capture_on_commit_callbacks
):
    client = sign_in(supervisor)
    client.get(URL, PERIOD)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, PERIOD)
    for day in range(10, 16):
        decide(agency, dt.datetime(2026, 3, day, 10, tzinfo=NY), django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, PERIOD)
    assert len(many) == len(few) <= 12


def test_out_of_date_evaluations_queue_a_recompute_whose_progress_the_page_shows(
    sign_in, supervisor, decided, django_capture_on_commit_callbacks, monkeypatch
):
    PolicyEvaluation.objects.update(engine_version="1.0.0")  # as if the engine had changed since
    figures_rebuild()  # and the daily figures counted from those rows
    queued = []
    monkeypatch.setattr(recompute, "_enqueue", queued.append)
    client = sign_in(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(URL, PERIOD)
    assert page.context["stale"] == 3
    job = PolicyRecompute.objects.get()
    assert queued == [job.pk] and job.status == RecomputeStatus.QUEUED
    assert b'hx-trigger="every 2s"' in page.content
    assert AuditEvent.objects.filter(action="report.policy_recompute").exists()
    client.get(URL, PERIOD)  # a second look queues nothing more
    assert PolicyRecompute.objects.count() == 1

    assert recompute.recompute_run(job_id=job.pk) == "5 decisions"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.active) == (RecomputeStatus.DONE, 5, 5, None)
    assert set(PolicyEvaluation.objects.values_list("engine_version", flat=True)) == {ENGINE_VERSION}
    assert PolicyEvaluation.objects.count() == 5 * len(RULE_SETS)
    progress = client.get("/reports/policy/progress/")
    assert b"Last recompute finished" in progress.content and b"every 2s" not in progress.content
    assert client.get(URL, PERIOD).context["stale"] == 0


def test_a_decision_whose_hook_failed_is_filled_in_by_the_recompute(agency, decided):
    PolicyEvaluation.objects.filter(decision=decided[1]).delete()
    assert recompute.stale_count() == 1
    recompute.recompute_all(batch=2)
    assert recompute.stale_count() == 0


def test_the_recompute_replaces_every_batchs_rows_and_counts_unreadable_facts(agency, decided, monkeypatch):
    """Judged in one thread and written in another, batch after batch: every decision's rows are
    its own, of the current versions; a decision whose facts the engine cannot read loses its
    old rows and is counted."""
    PolicyEvaluation.objects.update(engine_version="1.0.0", detain="permitted")
    unreadable = decided[1]
    real = recompute.evaluation_tuples

    def cannot_read_one(decision_id, *args):
        if decision_id == unreadable.pk:  # as if this engine could no longer read its facts
            raise ScenarioError("decided_at", "not a time")
        return real(decision_id, *args)

    monkeypatch.setattr(recompute, "evaluation_tuples", cannot_read_one)
    assert recompute.recompute_all(batch=2) == (5, 1)
    assert not PolicyEvaluation.objects.filter(decision=unreadable).exists()
    catalogue = current_catalogue()
    for decision in Decision.objects.exclude(pk=unreadable.pk):
        stored = PolicyEvaluation.objects.filter(decision=decision).order_by("rule_set")
        expected = sorted(evaluation_tuples(decision.pk, decision.facts, decision.rule_set, catalogue))
        assert [tuple(getattr(row, name) for name in COLUMNS) for row in stored] == [
            tuple(row) for row in sorted(expected, key=lambda row: row[1])
        ]


def test_a_recompute_that_fails_keeps_the_batches_written_and_says_why(agency, decided, monkeypatch):
    PolicyEvaluation.objects.update(engine_version="1.0.0")
    third = sorted(d.pk for d in Decision.objects.all())[2]
    real = recompute.evaluation_tuples

    def breaks_on_the_third(decision_id, *args):
        if decision_id == third:
            raise RuntimeError("the engine broke")
        return real(decision_id, *args)

    monkeypatch.setattr(recompute, "evaluation_tuples", breaks_on_the_third)
    job = PolicyRecompute.objects.create(
        engine_version=ENGINE_VERSION, catalogue_version="x", reason="test", requested_at=timezone.now()
    )
    monkeypatch.setattr(recompute, "recompute_all", functools.partial(recompute.recompute_all, batch=2))
    with pytest.raises(RuntimeError):
        recompute.recompute_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RecomputeStatus.FAILED and job.active is None
    assert job.error == "RuntimeError: the engine broke"
    assert job.done == 2  # the first batch was written; the one that broke and those after, not
    current = PolicyEvaluation.objects.filter(engine_version=ENGINE_VERSION)
    assert (
        sorted(set(current.values_list("decision_id", flat=True)))
        == sorted(d.pk for d in Decision.objects.all())[:2]
    )


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def _keep_the_test_connection(monkeypatch):
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def run(capsys, *args):
    with pytest.raises(SystemExit) as stop:
        ManagementUtility(["manage.py", "policy_impact", *args]).execute()
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


GOOD = {"--agency": "CT0006400", "--from": "2026-01-01", "--to": "2026-06-30", "--format": "json"}


def argv(**changes):
    options = {**GOOD, **changes}
    return [part for key, value in options.items() if value is not None for part in (key, value)]


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_the_command_prints_per_rule_set_the_verdicts_of_each_action(capsys, decided):
    code, out, err = run(capsys, *argv())
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["agency"] == "CT0006400"
    by_rule_set = {r["rule_set"]: r for r in report["rule_sets"]}
    assert set(by_rule_set) == set(RULE_SETS)
    assert by_rule_set["ct-2019"]["detainers_evaluated"] == 3
    assert by_rule_set["ct-2019"]["actions"]["detain"] == {"permitted": 0, "needs_review": 0, "prohibited": 3}
    assert by_rule_set["none"]["actions"]["detain"]["permitted"] == 3
    assert AuditEvent.objects.filter(action="report.policy_command").exists()


@pytest.mark.usefixtures("_keep_the_test_connection")
@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"--agency": "CT9999999"}, "--agency"),
        ({"--from": "2026-13-01"}, "--from"),
        ({"--to": "yesterday"}, "--to"),
        ({"--to": "2025-01-01"}, "--to"),
        ({"--format": "xlsx"}, "--format"),
        ({"--agency": None}, "--agency"),
    ],
)
def test_a_bad_argument_exits_2_with_one_line_naming_it(capsys, agency, changes, named):
    code, out, err = run(capsys, *argv(**changes))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1
    assert named in err
