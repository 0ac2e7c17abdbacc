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
    fieldsets = DjangoUserAdmin.fieldsets + (("Agency", {"fields": ("agency", "badge_number")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Agency", {"fields": ("agency",)}),)
