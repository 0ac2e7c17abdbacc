"""Rows that are only ever inserted (audit events, recorded decisions).

``InsertOnlyModel`` refuses saving an existing row and deleting; its manager's querysets
refuse ``update()`` and ``delete()``. Each model says why in ``refusal``. On PostgreSQL a
trigger (in each model's migrations) refuses UPDATE and DELETE in SQL too.
"""

from django.db import models


class InsertOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(self.model.refusal)

    def delete(self):
        raise PermissionError(self.model.refusal)


class InsertOnlyModel(models.Model):
    refusal = "These rows can only be added, never changed or deleted."

    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(self.refusal)
