"""Background imports: files above the in-request row limit are imported by a Celery task.

The task takes only the job's id (no personal data in the broker). It imports the stashed
file through the same ``import_file`` as the in-request path: one transaction, all rows or
none. The job row is written outside that transaction, so its page can show the state;
the rows written so far are kept beside the file (``write_progress``)."""

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from cases.audit_actions import CaseAction
from cases.imports import importers
from cases.models import ImportJob, ImportStatus
from trustportal.accounts.access import get_scoped_or_404
from trustportal.audit.services import audit_record
from trustportal.common.services import create_audited

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 25  # rows between two progress writes
STALLED_AFTER_SECONDS = 20 * 60  # longer than the task's hard time limit: the worker is gone


@transaction.atomic
def job_start(*, agency, token, kind: str, filename: str, rows: int, acting_user) -> ImportJob:
    """Queue the import of a stashed file; the task starts once this transaction commits."""
    from cases.imports.tasks import run_import

    job = ImportJob(agency=agency, created_by=acting_user, kind=kind, token=token, filename=filename[:255],
                    rows=rows, task_id=str(uuid.uuid4()))  # fmt: skip
    create_audited(job, action=CaseAction.IMPORT_QUEUED, acting_user=acting_user, agency=agency,
                   details={"file": job.filename, "rows": rows})  # fmt: skip
    transaction.on_commit(lambda: run_import.apply_async(args=(job.pk,), task_id=job.task_id))
    return job


def job_run(*, job_id: int) -> str:
    """Run one queued job (a second delivery of the same task finds it claimed and does nothing)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    agency, token = job.agency, job.token

    def progress(done: int):
        if done % PROGRESS_EVERY == 0:
            importers.write_progress(agency=agency, token=token, done=done)

    try:
        stored = importers.load(agency=agency, token=token)
        check = importers.import_file(
            kind=job.kind, parsed=stored["parsed"], agency=agency, acting_user=job.created_by,
            filename=job.filename, progress=progress,
        )  # fmt: skip
    except (importers.ImportRefused, importers.ImportFileError) as exc:
        messages = exc.messages if isinstance(exc, importers.ImportRefused) else [str(exc)]
        _finish(job, ImportStatus.FAILED, messages=messages)
        return "refused"
    except Exception:
        logger.exception("background import %s stopped", job_id)
        _finish(job, ImportStatus.FAILED, messages=["The import stopped on an error. Nothing was imported."])
        raise
    importers.discard(agency=agency, token=token)
    _finish(job, ImportStatus.DONE, counts=check.counts)
    return "done"


@transaction.atomic
def _finish(job: ImportJob, status: str, *, counts=None, messages=None):
    job.status, job.finished_at = status, timezone.now()
    job.counts, job.messages = counts or {}, (messages or [])[:50]
    job.save(update_fields=["status", "finished_at", "counts", "messages"])
    if status == ImportStatus.FAILED:
        audit_record(action=CaseAction.IMPORT_FAILED, acting_user=job.created_by, obj=job, agency=job.agency,
                     details={"file": job.filename, "messages": job.messages[:5]})  # fmt: skip


def get_job_for_user(user, pk) -> ImportJob:
    return get_scoped_or_404(ImportJob.objects.all(), user, pk=pk)


def job_state(job: ImportJob) -> dict:
    """What the progress bar shows."""
    stalled = (
        job.status == ImportStatus.RUNNING
        and job.started_at is not None
        and ((timezone.now() - job.started_at).total_seconds() > STALLED_AFTER_SECONDS)
    )
    done = (
        job.rows
        if job.status == ImportStatus.DONE
        else importers.read_progress(agency=job.agency, token=job.token)
    )
    percent = int(100 * done / job.rows) if job.rows else 0
    return {"job": job, "done": done, "percent": min(percent, 100), "stalled": stalled,
            "finished": job.finished or stalled}  # fmt: skip
