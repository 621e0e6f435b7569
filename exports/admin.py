from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.readonly_admin import ReadOnlyAdmin

from . import registry
from .models import ExportJob


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
        return registry.label(job.kind)

    readonly_fields = ("user", "kind", "params", "title", "format", "state", "rows_done", "rows_total", "error", "finished_at", "expires_at")  # fmt: skip
