from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Reminder, User


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
