from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ExportJob, Reminder, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language", "reminder_delivery")}))
    list_filter = (*BaseUserAdmin.list_filter, "language")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Sent reminders, read-only: they are history."""

    list_display = ("created_at", "kind", "recipient", "occasion", "title", "emailed_at")
    list_filter = ("kind", "occasion")
    search_fields = ("title", "recipient__username", "recipient__email")
    list_select_related = ("recipient",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Background exports and their state. Read-only, and without the files: only the requester downloads."""

    list_display = ("created_at", "title", "format", "user", "state", "rows_done", "rows_total", "expires_at")
    list_filter = ("state", "kind", "format")
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    exclude = ("file",)
    readonly_fields = ("user", "kind", "params", "title", "format", "state", "rows_done", "rows_total", "error", "finished_at", "expires_at")  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
