"""The background recompute of every stored policy-impact evaluation.

Needed when the engine (``ENGINE_VERSION``) or the catalogue (its rows' fingerprint) is not the
one the stored rows were computed with, or when decisions have no rows (an after-record hook
that failed). ``recompute_request`` queues one run (at most one is queued or running: the
unique ``active`` column) and the Celery task ``reports.recompute_policy_impact`` runs it:
decisions in primary-key batches, each batch evaluated in memory, its old rows deleted and the
new ones inserted with one COPY in one transaction, the progress saved with it (the
page polls it). A run whose heartbeat stopped for ``STALE_AFTER`` is taken for dead and
replaced by the next request.
"""

import datetime as dt
import json
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from cases.catalogue.provider import current_catalogue
from cases.models import Decision
from cases.rules import ENGINE_VERSION, Catalogue, ScenarioError
from trustportal.audit.services import audit_record

from ..audit_actions import ReportAction
from ..figures.build import PolicyCounts, policy_figures_replace
from ..models import PolicyEvaluation, PolicyRecompute, RecomputeStatus
from .evaluations import COLUMNS, RULE_SET_IDS, evaluation_tuples

BATCH = 2000
STALE_AFTER = dt.timedelta(minutes=10)


def current_versions() -> tuple[str, str]:
    """(engine version, catalogue fingerprint) now: one query while the catalogue is unchanged."""
    return ENGINE_VERSION, current_catalogue().version


def stale_count(versions: tuple[str, str] | None = None) -> int:
    """How many decisions (of every agency) lack rows of the current versions: one query."""
    engine, catalogue = versions or current_versions()
    fresh = Count(
        "policy_evaluations",
        filter=Q(policy_evaluations__engine_version=engine, policy_evaluations__catalogue_version=catalogue),
    )
    return Decision.objects.annotate(fresh=fresh).filter(fresh__lt=len(RULE_SET_IDS)).count()


def active_recompute() -> PolicyRecompute | None:
    return PolicyRecompute.objects.filter(active=True).first()


def latest_recompute() -> PolicyRecompute | None:
    return PolicyRecompute.objects.order_by("-requested_at", "-id").first()


@transaction.atomic
def recompute_request(*, reason: str, acting_user=None) -> PolicyRecompute:
    """Queue a recompute of every stored evaluation, unless one is already queued or running
    (that one is returned). Audited when queued; the task starts once this commits."""
    now = timezone.now()
    running = PolicyRecompute.objects.select_for_update().filter(active=True).first()
    if running is not None:
        beat = running.heartbeat_at or running.requested_at
        if now - beat < STALE_AFTER:
            return running
        _finish(running.pk, RecomputeStatus.FAILED, error="No progress for ten minutes: taken for dead.")
    engine, catalogue = current_versions()
    try:
        with transaction.atomic():
            job = PolicyRecompute.objects.create(
                engine_version=engine,
                catalogue_version=catalogue,
                reason=reason[:200],
                requested_by=acting_user,
                requested_at=now,
            )
    except IntegrityError:  # another request queued one at the same moment
        return PolicyRecompute.objects.get(active=True)
    audit_record(
        action=ReportAction.POLICY_RECOMPUTE,
        acting_user=acting_user,
        obj=job,
        details={"reason": job.reason, "engine_version": engine, "catalogue_version": catalogue},
        statewide=True,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import recompute_policy_impact

    recompute_policy_impact.delay(job_id)


def _finish(job_id: int, status: str, error: str = "") -> None:
    PolicyRecompute.objects.filter(pk=job_id).update(
        status=status, active=None, finished_at=timezone.now(), error=error
    )


def recompute_run(*, job_id: int) -> str:
    """Run one queued recompute to the end (the Celery task's body)."""
    claimed = PolicyRecompute.objects.filter(pk=job_id, status=RecomputeStatus.QUEUED).update(
        status=RecomputeStatus.RUNNING, heartbeat_at=timezone.now(), total=Decision.objects.count()
    )
    if not claimed:
        return "not queued"
    try:
        done, unreadable = recompute_all(job_id=job_id)
    except Exception as error:
        _finish(job_id, RecomputeStatus.FAILED, error=f"{type(error).__name__}: {error}"[:1000])
        raise
    _finish(job_id, RecomputeStatus.DONE)
    audit_record(
        action=ReportAction.POLICY_RECOMPUTED,
        obj=PolicyRecompute.objects.get(pk=job_id),
        details={"decisions": done, "unreadable": unreadable},
        statewide=True,
    )
    return f"{done} decisions"


def recompute_all(*, job_id: int | None = None, batch: int = BATCH) -> tuple[int, int]:
    """Evaluate every decision under every rule set with the current engine and catalogue,
    replacing the stored rows batch by batch (DELETE, then COPY), counting the policy-impact
    figures as it goes and replacing them at the end (``reports.figures``). Returns (decisions,
    unreadable).

    Two threads in a pipeline: while this one (the only one that touches the database) writes a
    batch and waits for the database, a second judges the next batch (pure Python: the engine
    and the counting). Batches are judged and written in order, one at a time."""
    catalogue = current_catalogue()
    since = Decision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    figures = PolicyCounts()  # the policy-impact figures, counted as the rows are made
    done, unreadable = 0, 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="recompute-judge") as judge:
        judging: Future[Judged] | None = None  # the batch before this one
        last = 0
        while True:
            decisions = _batch_after(last, batch)
            upcoming = judge.submit(_judge, decisions, catalogue, figures) if decisions else None
            if judging is not None:
                judged = judging.result()
                _replace(judged, job_id=job_id)
                done += judged.decisions
                unreadable += judged.unreadable
            if upcoming is None:
                break
            judging, last = upcoming, decisions[-1][0]
    policy_figures_replace(figures, since=since)
    return done, unreadable


class Judged(NamedTuple):
    """One batch of decisions judged: its primary keys' range, its rows, how many it held and
    how many of them the engine could not read."""

    first: int
    last: int
    rows: list[tuple]
    decisions: int
    unreadable: int


def _batch_after(last: int, size: int) -> list[tuple]:
    """The next decisions, their facts as JSON text: the judging thread reads them (Django's
    reading of 10,000 JSON values was a third of this thread's time)."""
    corrected = Exists(Decision.objects.filter(supersedes=OuterRef("pk")))
    facts = Cast("facts", TextField())
    return list(
        Decision.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", facts, "rule_set", "agency_id", "recorded_at", corrected)[:size]
    )


def _judge(decisions: list[tuple], catalogue: Catalogue, figures: PolicyCounts) -> Judged:
    """Evaluate a batch (no database: it runs in the judging thread) and count its figures."""
    rows: list[tuple] = []
    skipped = 0
    for pk, facts, in_force, agency_id, recorded_at, is_corrected in decisions:
        try:
            mine = evaluation_tuples(pk, json.loads(facts), in_force, catalogue)
        except ScenarioError:
            skipped += 1
            continue
        rows.extend(mine)
        if not is_corrected:
            figures.add(agency_id, recorded_at, mine)
    return Judged(decisions[0][0], decisions[-1][0], rows, len(decisions), skipped)


def _replace(judged: Judged, *, job_id: int | None) -> None:
    """Replace a batch's stored rows and save the progress, in one transaction."""
    with transaction.atomic():
        PolicyEvaluation.objects.filter(decision_id__gte=judged.first, decision_id__lte=judged.last).delete()
        _copy(judged.rows)
        if job_id is not None:
            PolicyRecompute.objects.filter(pk=job_id).update(
                done=F("done") + judged.decisions,
                unreadable=F("unreadable") + judged.unreadable,
                heartbeat_at=timezone.now(),
            )


def _copy(rows: list[tuple]) -> None:
    """Insert the rows with PostgreSQL's COPY: the bulk insert without building a model per row
    (``bulk_create`` spent two thirds of a run preparing 40,000 objects' values). On SQLite (the
    demo's embedded default), a plain multi-row INSERT."""
    table = PolicyEvaluation._meta.db_table
    columns = ", ".join(COLUMNS)
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * len(COLUMNS))
        with connection.cursor() as cursor:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
            cursor.executemany(sql, rows)
        return
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
