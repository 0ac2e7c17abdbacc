"""Admin helpers: records the admin may show but never edit (edits there would bypass the
services, their checks and their audit rows)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def make_read_only(model) -> None:
    """Re-register a third-party model's admin as read-only, keeping its list columns."""
    site = admin.site
    current = site._registry.get(model)
    if current is None:
        return
    site.unregister(model)
    attrs = {
        name: getattr(current, name)
        for name in (
            "list_display",
            "list_filter",
            "search_fields",
            "readonly_fields",
            "exclude",
            "fieldsets",
        )
        if getattr(type(current), name, None) is not None
    }
    site.register(model, type(f"ReadOnly{type(current).__name__}", (ReadOnlyAdmin, type(current)), attrs))
