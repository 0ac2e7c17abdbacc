"""Rows that are only ever inserted (audit events, recorded decisions).

``InsertOnlyModel`` refuses saving an existing row and deleting; its manager's querysets
refuse ``update()`` and ``delete()``. Each refusal raises ``ImmutableRecordError`` with the
model's ``refusal`` (why it is kept as written). On PostgreSQL a trigger (in each model's
migrations) refuses UPDATE and DELETE in SQL too.
"""

from django.db import models


class ImmutableRecordError(Exception):
    """An attempt to change or delete an insert-only row: a programming error, never user input.

    Not the builtin ``PermissionError``, which is an ``OSError`` about files and processes.
    """


class InsertOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(self.model.refusal)

    def delete(self):
        raise ImmutableRecordError(self.model.refusal)


class InsertOnlyModel(models.Model):
    refusal = "These rows can only be added, never changed or deleted."

    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(self.refusal)
