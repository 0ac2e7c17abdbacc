"""The background import task (registered with the project's Celery app by autodiscovery)."""

from celery import shared_task

from cases.imports.jobs import job_run


@shared_task(name="cases.run_import", ignore_result=True, soft_time_limit=15 * 60, time_limit=16 * 60)
def run_import(job_id: int) -> str:
    """Import one queued file, all rows or none. Takes the job's id only: no personal data."""
    return job_run(job_id=job_id)
