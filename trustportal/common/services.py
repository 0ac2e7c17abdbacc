"""The write helpers every service uses: an explicit field allowlist, the before/after
changes for the audit row, validate-save-audit in the caller's transaction."""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from trustportal.audit.services import audit_record

_M = TypeVar("_M", bound=models.Model)


def allowed(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """Only the named fields of ``data``: a service never spreads an open dict onto a model.
    A key outside the allowlist is a programming error, not user input, and raises."""
    fields = tuple(fields)
    extra = sorted(set(data) - set(fields))
    if extra:
        raise TypeError(f"fields not allowed here: {', '.join(extra)}")
    return dict(data)


MASKED_CHANGE = ["(confidential)", "changed"]


def apply_changes(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str], masked: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Set the allowed ``data`` on ``instance``; return ``{field: [before, after]}`` for the
    fields whose value changed (the audit row's diff). A ``masked`` field's change is recorded
    as changed, never with its values (confidential information stays out of the trail)."""
    changes: dict[str, list[str]] = {}
    masked = frozenset(masked)
    for field, value in allowed(data, fields).items():
        before = getattr(instance, field)
        if before != value:
            changes[field] = list(MASKED_CHANGE) if field in masked else [str(before), str(value)]
        setattr(instance, field, value)
    return changes


def save_valid(instance: _M) -> _M:
    instance.full_clean()
    instance.save()
    return instance


def history_link(instance: models.Model) -> dict[str, int]:
    """``{"history_id": N}``: the model-history row (django-simple-history) this save wrote,
    so the audit row points at the full record as it stood; ``{}`` for models without history.

    The audit row still carries the changed fields' before/after: the audit trail is
    insert-only and hash-chained, the history tables are not, so the evidence of what changed
    must not depend on them."""
    history = getattr(instance, "history", None)
    if history is None:
        return {}
    latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
    return {"history_id": latest} if latest is not None else {}


def create_audited(instance, *, action: str, acting_user, agency, details: dict | None = None):
    """Validate and insert ``instance``, then audit it, in the caller's transaction."""
    save_valid(instance)
    details = {**(details or {}), **history_link(instance)}
    audit_record(action=action, acting_user=acting_user, obj=instance, agency=agency, details=details)
    return instance


def update_audited(
    instance,
    data: Mapping[str, Any],
    *,
    fields: Iterable[str],
    action: str,
    acting_user,
    agency,
    masked: Iterable[str] = (),
):
    """Apply the allowed ``data`` to ``instance``, validate, save, and audit the changes
    (``masked`` fields: that they changed, not their values)."""
    changes = apply_changes(instance, data, fields, masked)
    save_valid(instance)
    details = {"changes": changes, **history_link(instance)}
    audit_record(action=action, acting_user=acting_user, obj=instance, agency=agency, details=details)
    return instance
