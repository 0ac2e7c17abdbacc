"""Writing audit events. Call inside the transaction of the change being audited.

Inserting an audit event takes the chain's lock (the hash chain is one sequence) until the
transaction commits. A long transaction that audits many rows (a roster import) collects its
events with ``audit_deferred()`` and inserts them together at its end, so other requests wait
for the lock only while the batch is written, not for the whole import."""

from contextlib import contextmanager
from contextvars import ContextVar

from trustportal.audit.actions import is_registered

from .context import current_client
from .models import AuditEvent


def audit_record(
    *,
    action: str,
    acting_user=None,
    obj=None,
    agency=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    details: dict | None = None,
    username: str = "",
    request=None,
    statewide: bool = False,
) -> AuditEvent:
    """Append one audit event. ``obj`` gives the object's type, id and description.
    ``action`` is a member of a registered enumeration (see ``actions.py``). A ``statewide``
    act (a change to statewide reference data) belongs to no agency, not the actor's."""
    if not is_registered(action):
        raise ValueError(f"audit action {action!r} is not registered in any app's audit_actions")
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        agent = request.META.get("HTTP_USER_AGENT", "")[:255]
    else:
        ip, agent = current_client()
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if statewide:
        agency, details = None, {**(details or {}), "scope": "statewide"}
    elif agency is None:
        agency = getattr(obj, "agency", None) if obj is not None else None
        if agency is None and actor is not None:
            agency = actor.agency
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor else username)[:150],
        agency=agency,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        ip_address=ip,
        user_agent=agent,
        outcome=outcome,
        details=details or {},
    )
    buffer = _deferred.get()
    if buffer is not None:
        buffer.append(event)  # inserted when the deferring block ends
    else:
        event.save(force_insert=True)
    return event


_deferred: ContextVar[list[AuditEvent] | None] = ContextVar("audit_deferred", default=None)


@contextmanager
def audit_deferred():
    """Within the block, audit events are collected and inserted, in order, when it ends
    without an error (the caller's transaction then commits or rolls back with them). Use it
    inside a transaction only: the events stay part of the change they audit."""
    buffer: list[AuditEvent] = []
    token = _deferred.set(buffer)
    try:
        yield buffer
    finally:
        _deferred.reset(token)
    AuditEvent.objects.bulk_create(buffer, batch_size=500)
