from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit rows, not even a superuser."""

    list_display = ("at", "actor_username", "agency", "action", "object_repr", "outcome", "ip_address")
    list_filter = ("outcome", "action", "agency")
    search_fields = ("actor_username", "action", "object_repr", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
