"""Read-mostly admin views of training data, for system administrators."""

from django.contrib import admin

from trustportal.common.admin import ReadOnlyAdmin

from .models import (
    Assignment,
    Attempt,
    Certificate,
    Module,
    Question,
    QuestionVersion,
    Quiz,
    TrainingSettings,
)


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "status", "version", "counts_for_decisions")
    list_filter = ("status", "agency")
    search_fields = ("title",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("id", "module", "kind", "is_active", "needs_check")
    list_filter = ("kind", "is_active", "needs_check")


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    list_display = ("question", "number", "action", "engine_version", "created_at")

    def has_change_permission(self, request, obj=None):
        return False  # versions are immutable: an edit is a new version


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "module", "pass_mark_percent", "attempts_allowed", "time_limit_minutes")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("quiz", "agency", "target", "role", "due_at", "assigned_by")


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ("quiz", "user", "number", "started_at", "submitted_at", "score_percent", "passed")
    list_filter = ("passed",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("user", "module", "issued_at", "expires_at")


admin.site.register(TrainingSettings)
