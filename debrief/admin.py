from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from debrief import models


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "role", "password1", "password2"]}),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the people concerned may change, through the app: staff look, never
    edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = models.StatusChange
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["employer", "role_title", "owner", "status", "date_applied"]
    list_filter = ["status"]
    search_fields = ["employer", "role_title", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    inlines = [StatusChangeInline]


@admin.register(models.Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "stage", "scheduled_at", "outcome"]
    list_filter = ["stage", "outcome"]
    list_select_related = ["application"]
    raw_id_fields = ["application", "owner"]


class DebriefQuestionInline(admin.TabularInline):
    model = models.DebriefQuestion
    extra = 0
    raw_id_fields = ["star_answer"]


@admin.register(models.Debrief)
class DebriefAdmin(admin.ModelAdmin):
    list_display = ["interview", "overall_feeling", "created_at"]
    raw_id_fields = ["interview"]
    inlines = [DebriefQuestionInline]


@admin.register(models.FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ["interview", "status", "requested_on", "follow_up_due", "outcome"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["interview"]


@admin.register(models.StarAnswer)
class StarAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "strength"]
    search_fields = ["title"]
    raw_id_fields = ["owner"]


@admin.register(models.ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "area", "status", "due_date"]
    list_filter = ["area", "status"]
    raw_id_fields = ["owner", "debrief", "feedback_request"]


@admin.register(models.AdviserAccess)
class AdviserAccessAdmin(ReadOnlyAdmin):
    """Read-only: only the client gives, refuses or ends an adviser's access, and every change is
    kept in its history; staff must not open a record without that consent."""

    list_display = ["client", "adviser", "status", "granted_at", "ended_at"]
    list_filter = ["status"]
    raw_id_fields = ["client", "adviser"]


@admin.register(models.AdviserNote)
class AdviserNoteAdmin(admin.ModelAdmin):
    list_display = ["client", "adviser", "created_at"]
    raw_id_fields = ["client", "adviser", "interview"]


@admin.register(models.AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is evidence for the client, so nobody edits it."""

    list_display = ["viewed_at", "adviser_name", "client", "viewed"]
    list_select_related = ["client"]


@admin.register(models.Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Read-only, for support: what Debrief sent whom, and why a send failed."""

    list_display = ["created_at", "user", "kind", "due_on", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    exclude = ["context"]
