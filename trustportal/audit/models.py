"""The append-only audit trail: who did or viewed what, when, from where, with what outcome.

Rows are only ever inserted. The model refuses saves of existing rows and deletes, the
admin offers no change or delete, and on PostgreSQL:
- the application's database role has no UPDATE, DELETE or TRUNCATE privilege on the table
  (docs/decisions/0004-audit-trail-integrity.md);
- triggers refuse UPDATE, DELETE and TRUNCATE even for the owner;
- a BEFORE INSERT trigger sets ``at`` to the database's clock and chains the row to the
  previous one: ``chain_seq`` (1, 2, 3, …), ``prev_hash`` (the previous row's hash) and
  ``row_hash`` (SHA-256 over ``prev_hash`` and the row's fields). ``manage.py audit_verify``
  recomputes every link. On SQLite (development only) there is no chain.
"""

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Now

from trustportal.immutable import InsertOnlyModel

from .fields import ChainHashField, ChainSeqField, DatabaseTimeField


class AuditEvent(InsertOnlyModel):
    refusal = "Audit events are append-only."

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"
        DENIED = "denied", "Denied"

    # The database's clock: db_default on every database, and on PostgreSQL the chain trigger
    # overwrites any value the application sends (a backdated event is impossible).
    at = DatabaseTimeField(db_default=Now(), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    details = models.JSONField(default=dict, blank=True)
    chain_seq = ChainSeqField(null=True, unique=True, editable=False)
    prev_hash = ChainHashField(max_length=64, blank=True, default="", editable=False)
    row_hash = ChainHashField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-at"]),
            # The trail filtered by an action ("case.update", or every "case." one: LIKE 'x%',
            # hence the pattern opclass): counted along this index alone (a common action's
            # capped count read a third of the table, 15 ms at a million events; now 2 ms).
            models.Index(
                fields=["agency", "action"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="audit_agency_action_idx",
            ),
            models.Index(fields=["object_type", "object_id"]),
            # Events about a detainer's documents, scans and contacts carry {"detainer": id}
            # (the case timeline looks them up by it).
            models.Index(KeyTransform("detainer", "details"), name="audit_details_detainer_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action} {self.outcome}"
