"""A roster or history import run by a Celery task (files above the in-request row limit)."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Nothing was imported"


class ImportJob(models.Model):
    """One background import: the stashed file it imports, its state and its outcome. The rows
    themselves are written in one transaction; this row is written outside it, so the page
    can show the state while the import runs (the progress itself is kept beside the file)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=10, choices=[("roster", "Custody roster"), ("history", "Criminal history")]
    )
    token = models.UUIDField(help_text="The stashed file (MEDIA_ROOT/imports/<agency>/<token>.json).")
    filename = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    messages = models.JSONField(default=list, blank=True, help_text="Why nothing was imported.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Import {self.pk} ({self.kind}, {self.rows} rows): {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
