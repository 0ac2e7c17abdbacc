from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "ori", "kind")
    search_fields = ("name", "ori")
    list_filter = ("kind",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "agency", "is_active", "is_staff")
    list_filter = ("agency", "groups", "is_active", "is_staff")
    list_select_related = ("agency",)
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), ("Agency", {"fields": ("agency", "badge_number")}))
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Agency", {"fields": ("agency",)}),)


def _third_party_read_only() -> None:
    """TOTP devices and lockout records change only through the staff pages (enrol, reset,
    unlock: audited services); the admin shows them read-only."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from trustportal.common.admin import make_read_only

    for model in (TOTPDevice, AccessAttempt, AccessLog, AccessFailureLog):
        make_read_only(model)


_third_party_read_only()
