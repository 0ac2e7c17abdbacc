"""Every add, change and delete made in the Django admin is an audit event, written in the
admin's own transaction (from the admin's LogEntry, which Django writes for each)."""

from typing import cast

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from .actions import AdminAction
from .services import audit_record

_ACTIONS = {ADDITION: AdminAction.ADD, CHANGE: AdminAction.CHANGE, DELETION: AdminAction.DELETE}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log_entry")
def audit_admin_entry(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    # django-stubs declares LogEntry.content_type as a bare ForeignKey: the target is ContentType
    model = cast(ContentType, instance.content_type).model_class() if instance.content_type_id else None
    audit_record(
        action=_ACTIONS[instance.action_flag],
        acting_user=instance.user,
        agency=getattr(instance.user, "agency", None),
        details={
            "model": model._meta.label_lower if model else "",
            "object_id": str(instance.object_id or ""),
            "object": instance.object_repr,
            "change": instance.get_change_message(),
        },
    )
