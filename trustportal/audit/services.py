"""Writing audit events. Call inside the transaction of the change being audited."""

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
    return AuditEvent.objects.create(
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
