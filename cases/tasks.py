"""The cases app's Celery tasks, found by the Celery app's autodiscovery (``<app>.tasks``)."""

from cases.imports.tasks import run_import

__all__ = ["run_import"]
