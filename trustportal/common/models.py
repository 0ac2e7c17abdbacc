"""The double-submit guard's table: one row per recent form submission."""

from django.db import models


class SubmissionGuard(models.Model):
    """A POST in flight or just done: the same user sending the same form to the same URL
    again within the window gets the first one's result instead of a second record."""

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(db_index=True)
    done = models.BooleanField(default=False)
    location = models.CharField(max_length=500, blank=True)

    def __str__(self):
        return f"{self.key[:12]}… {self.created_at:%H:%M:%S}"
