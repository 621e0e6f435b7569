from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.readonly_admin import ReadOnlyAdmin

from . import registry
from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Sent reminders, read-only: they are history (deleting one would let it be sent again)."""

    list_display = ("created_at", "kind_label", "recipient", "occasion", "title", "emailed_at")
    list_filter = ("kind", "occasion")
    search_fields = ("title", "recipient__username", "recipient__email")
    list_select_related = ("recipient",)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, reminder):
        return registry.label(reminder.kind)
