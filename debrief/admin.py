"""The admin, for Debrief's support staff. It is django-otp's OTPAdminSite (debrief.apps), so
staff need a verified session; authenticator keys are never shown; and every page that shows a
person's records writes to that person's access log, as advisers' reads do."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief import models
from debrief.emails import site_url
from debrief.services.access_log import record_view
from debrief.services.enrolment import send_enrolment_link

# Filtering a list by `password__startswith=…` or `key__startswith=…` would read a secret one
# character at a time from which rows remain.
SECRET_FIELDS = {"password", "key", "token_hash", "token"}


class NoSecretLookups:
    def lookup_allowed(self, lookup, value, request=None):
        if SECRET_FIELDS & set(lookup.split("__")):
            return False
        return super().lookup_allowed(lookup, value, request)


class StaffReadsLogged(NoSecretLookups):
    """Writes staff reads of a person's records to that person's access log: each object page
    (`get_object`, whatever the method) and each person whose rows a list page shows.
    `owner_lookup` leads from a row to the person it belongs to."""

    owner_lookup = "owner"

    def log_reads(self, request, owner_ids, viewed: str) -> None:
        for client in models.User.objects.filter(pk__in=set(owner_ids)).exclude(pk=request.user.pk):
            record_view(
                viewer=request.user,
                client=client,
                viewed=f"Admin — {viewed}",
                path=request.path,
                by_staff=True,
            )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            owner_id = self.model.objects.filter(pk=obj.pk).values_list(
                self.owner_lookup, flat=True
            )
            self.log_reads(request, owner_id, f"{self.model._meta.verbose_name}: {obj}")
        return obj

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        shown = [row.pk for row in changelist.result_list]
        owner_ids = self.model.objects.filter(pk__in=shown).values_list(
            self.owner_lookup, flat=True
        )
        self.log_reads(request, owner_ids, f"list of {self.model._meta.verbose_name_plural}")
        return changelist


@admin.register(models.User)
class UserAdmin(StaffReadsLogged, DjangoUserAdmin):
    owner_lookup = "pk"
    actions = ["send_enrolment_link"]
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

    @admin.action(description="Send a two-step enrolment link by email")
    def send_enrolment_link(self, request, queryset):
        """The one-time link an adviser or staff member needs to enrol their first
        authenticator; it replaces any unused link sent before."""
        sent = 0
        for user in queryset:
            if user.is_adviser or user.is_staff:
                send_enrolment_link(user=user, created_by=request.user, site=site_url("/"))
                sent += 1
        skipped = len(queryset) - sent
        self.message_user(request, f"Enrolment links sent: {sent}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Skipped {skipped}: job seekers do not use two-step sign-in.",
                messages.WARNING,
            )


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
class ApplicationAdmin(StaffReadsLogged, admin.ModelAdmin):
    list_display = ["employer", "role_title", "owner", "status", "date_applied"]
    list_filter = ["status"]
    search_fields = ["employer", "role_title", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    inlines = [StatusChangeInline]


@admin.register(models.Interview)
class InterviewAdmin(StaffReadsLogged, admin.ModelAdmin):
    list_display = ["application", "stage", "scheduled_at", "outcome"]
    list_filter = ["stage", "outcome"]
    list_select_related = ["application"]
    raw_id_fields = ["application", "owner"]


class DebriefQuestionInline(admin.TabularInline):
    model = models.DebriefQuestion
    extra = 0
    raw_id_fields = ["star_answer"]


@admin.register(models.Debrief)
class DebriefAdmin(StaffReadsLogged, admin.ModelAdmin):
    owner_lookup = "interview__owner"
    list_display = ["interview", "overall_feeling", "created_at"]
    raw_id_fields = ["interview"]
    inlines = [DebriefQuestionInline]


@admin.register(models.FeedbackRequest)
class FeedbackRequestAdmin(StaffReadsLogged, admin.ModelAdmin):
    owner_lookup = "interview__owner"
    list_display = ["interview", "status", "requested_on", "follow_up_due", "outcome"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["interview"]


@admin.register(models.StarAnswer)
class StarAnswerAdmin(StaffReadsLogged, admin.ModelAdmin):
    list_display = ["title", "owner", "strength"]
    search_fields = ["title"]
    raw_id_fields = ["owner"]


@admin.register(models.ActionItem)
class ActionItemAdmin(StaffReadsLogged, admin.ModelAdmin):
    list_display = ["text", "owner", "area", "status", "due_date"]
    list_filter = ["area", "status"]
    raw_id_fields = ["owner", "debrief", "feedback_request"]


@admin.register(models.AdviserAccess)
class AdviserAccessAdmin(StaffReadsLogged, ReadOnlyAdmin):
    """Read-only: only the client gives, refuses or ends an adviser's access, and every change is
    kept in its history; staff must not open a record without that consent."""

    owner_lookup = "client"
    list_display = ["client", "adviser", "status", "granted_at", "ended_at"]
    list_filter = ["status"]
    raw_id_fields = ["client", "adviser"]


@admin.register(models.AdviserNote)
class AdviserNoteAdmin(StaffReadsLogged, admin.ModelAdmin):
    owner_lookup = "client"
    list_display = ["client", "adviser", "created_at"]
    raw_id_fields = ["client", "adviser", "interview"]


@admin.register(models.AccessLogEntry)
class AccessLogEntryAdmin(StaffReadsLogged, ReadOnlyAdmin):
    """Read-only: the access log is evidence for the client, so nobody edits it. What it names
    (an employer, an answer's title) is part of the record, so reading it is logged too."""

    owner_lookup = "client"
    list_display = ["viewed_at", "viewer_name", "viewer_role", "client", "viewed"]
    list_select_related = ["client"]


admin.site.unregister(TOTPDevice)


class DeviceWithoutSecretsAdmin(NoSecretLookups, admin.ModelAdmin):
    """A two-step device, without its secret: whose it is and when it was used, read-only;
    staff may delete it (for a lost phone), never read, add or change one."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(DeviceWithoutSecretsAdmin):
    """Authenticators, without their keys: staff see whose they are and may delete a lost one
    (its owner then enrols again with a new enrolment link), but never read or set a key."""

    list_filter = ["confirmed"]


admin.site.unregister(StaticDevice)


@admin.register(StaticDevice)
class RecoveryCodesAdmin(DeviceWithoutSecretsAdmin):
    """Recovery codes, without the codes: staff see whose they are and may delete them (with the
    authenticator, for a lost phone), but never read or add a code."""


@admin.register(models.EnrolmentLink)
class EnrolmentLinkAdmin(NoSecretLookups, ReadOnlyAdmin):
    """Which links were sent, by whom, and whether they were used (the token is never kept)."""

    list_display = ["user", "created_by", "created_at", "expires_at", "used_at"]
    fields = list_display
    list_select_related = ["user", "created_by"]


@admin.register(models.Notification)
class NotificationAdmin(StaffReadsLogged, ReadOnlyAdmin):
    """Read-only, for support: what Debrief sent whom, and why a send failed. A reminder names
    the person's interviews and employers, so reading it is logged for them."""

    owner_lookup = "user"

    list_display = ["created_at", "user", "kind", "due_on", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    exclude = ["context"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fields = ["user", "role", "created_at", "deactivated_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Platform staff create a careers service and its first service admin; the service admin
    invites and deactivates the rest from /service/."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(models.StaffInvitation)
class StaffInvitationAdmin(NoSecretLookups, ReadOnlyAdmin):
    """Which addresses a careers service invited, by whom, and what became of it. The link's
    token is never kept (EnrolmentLink keeps a hash, shown nowhere); a service admin resends or
    cancels from /service/."""

    list_display = ["email", "organisation", "role", "sent_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]
    fields = [
        "organisation",
        "email",
        "display_name",
        "role",
        "user",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "cancelled_at",
    ]


@admin.register(models.Handover)
class HandoverAdmin(StaffReadsLogged, ReadOnlyAdmin):
    """Read-only: only the client accepts or declines, and a service admin withdraws. Who a
    client's adviser is belongs to the client's record, so reading it is logged for them."""

    owner_lookup = "client"
    list_display = [
        "client",
        "from_adviser",
        "to_adviser",
        "organisation",
        "status",
        "proposed_at",
        "decided_at",
    ]
    list_filter = ["status"]
    list_select_related = ["client", "from_adviser", "to_adviser", "organisation"]
    fields = [*list_display, "proposed_by"]


@admin.register(models.SecurityEvent)
class SecurityEventAdmin(StaffReadsLogged, ReadOnlyAdmin):
    """A person's own sign-in security log (append-only): staff read it to help someone who
    lost their phone, never change it, and the reading is logged for them."""

    owner_lookup = "user"

    list_display = ["at", "user", "kind", "by_name"]
    list_filter = ["kind"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    fields = ["user", "kind", "by", "by_name", "at"]


# --- Working together: read-only, for support -------------------------------------------------


class ClientInvitationInline(NoSecretLookups, admin.TabularInline):
    model = models.ClientInvitation
    fields = ["line", "email", "name", "error", "status", "sent_at", "expires_at", "used_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.InvitationBatch)
class InvitationBatchAdmin(NoSecretLookups, ReadOnlyAdmin):
    """An adviser's list of people to invite: who was on it and what became of each row; never
    a sign-up link's hash (shown, filtered or searched)."""

    list_display = ["adviser", "created_at", "confirmed_at"]
    list_select_related = ["adviser"]
    search_fields = ["adviser__email"]
    fields = ["adviser", "created_at", "confirmed_at"]
    inlines = [ClientInvitationInline]


@admin.register(models.ClientInvitation)
class ClientInvitationAdmin(NoSecretLookups, ReadOnlyAdmin):
    list_display = ["email", "batch", "line", "status", "sent_at", "expires_at", "used_at"]
    list_filter = ["status"]
    list_select_related = ["batch__adviser"]
    search_fields = ["email", "batch__adviser__email"]
    fields = [
        "batch",
        "line",
        "typed",
        "email",
        "name",
        "error",
        "status",
        "sent_at",
        "expires_at",
        "used_at",
    ]


@admin.register(models.ActionSuggestion)
class ActionSuggestionAdmin(StaffReadsLogged, ReadOnlyAdmin):
    owner_lookup = "client"
    list_display = ["client", "adviser", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["client", "adviser"]


@admin.register(models.NoteReply)
class NoteReplyAdmin(StaffReadsLogged, ReadOnlyAdmin):
    owner_lookup = "note__client"
    list_display = ["note", "author", "created_at"]
    list_select_related = ["note", "author"]


@admin.register(models.Appointment)
class AppointmentAdmin(StaffReadsLogged, ReadOnlyAdmin):
    owner_lookup = "client"
    list_display = ["client", "adviser", "date", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["client", "adviser"]
