"""The reports app's background task (registered with the project's Celery app by autodiscovery)."""

from celery import shared_task

from reports.policy.recompute import recompute_run


@shared_task(
    name="reports.recompute_policy_impact", ignore_result=True, soft_time_limit=30 * 60, time_limit=31 * 60
)
def recompute_policy_impact(job_id: int) -> str:
    """Recompute every stored policy-impact evaluation. Takes the run's id only: no personal data."""
    return recompute_run(job_id=job_id)
