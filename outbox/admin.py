from django.contrib import admin

from maastricht_inclusie.readonly_admin import ReadOnlyAdmin

from .models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """What waits for the worker and what failed: read-only, for the application manager."""

    list_display = ("created_at", "task", "dispatches", "failures", "delivered_at")
    list_filter = ("task",)
    search_fields = ("task", "last_error")
