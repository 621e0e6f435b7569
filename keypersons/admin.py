"""Key-person data is worked on in /netwerk/, where every read is logged. The admin holds only the
reference lists and a read-only access log, and only for the director: superuser status opens nothing."""

from django.contrib import admin

from maastricht_inclusie.admin_search import BoundedSearchMixin
from maastricht_inclusie.readonly_admin import ReadOnlyMixin

from .models import AccessLog, Domain, Partner, Topic
from .permissions import is_director


class DirectorOnly:
    def has_module_permission(self, request):
        return is_director(request.user)

    def has_view_permission(self, request, obj=None):
        return is_director(request.user)

    def has_add_permission(self, request):
        return is_director(request.user)

    def has_change_permission(self, request, obj=None):
        return is_director(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_director(request.user)


@admin.register(Domain, Topic, Partner)
class ReferenceAdmin(BoundedSearchMixin, DirectorOnly, admin.ModelAdmin):
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]


@admin.register(AccessLog)
class AccessLogAdmin(BoundedSearchMixin, ReadOnlyMixin, DirectorOnly, admin.ModelAdmin):
    """Readable by the director; nobody can add, change or delete a row."""

    list_display = ["at", "user", "what", "object_type", "object_id", "path", "detail"]
    list_filter = ["what", "object_type"]
    search_fields = ["user__username", "path"]
    date_hierarchy = "at"
