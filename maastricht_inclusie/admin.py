from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ExportJob, Reminder, User


class ReadOnlyMixin:
    """Records written only by the services (money, history, logs): the admin shows them and never edits them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language", "reminder_delivery")}))
    list_filter = (*BaseUserAdmin.list_filter, "language")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Sent reminders, read-only: they are history (deleting one would let it be sent again)."""

    list_display = ("created_at", "kind", "recipient", "occasion", "title", "emailed_at")
    list_filter = ("kind", "occasion")
    search_fields = ("title", "recipient__username", "recipient__email")
    list_select_related = ("recipient",)


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    """Background exports and their state. Read-only, and without the files: only the requester downloads."""

    list_display = (
        "created_at",
        "report",
        "title",
        "format",
        "user",
        "state",
        "rows_done",
        "rows_total",
        "expires_at",
    )
    list_filter = ("state", "kind", "format")
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    exclude = ("file",)

    @admin.display(description=_("report"), ordering="kind")
    def report(self, job):
        from .exports import KINDS

        return KINDS[job.kind].label if job.kind in KINDS else job.kind

    readonly_fields = ("user", "kind", "params", "title", "format", "state", "rows_done", "rows_total", "error", "finished_at", "expires_at")  # fmt: skip
