"""The admin's read-only base: records written only by the services (money, history, logs)."""

from django.contrib import admin

from .admin_search import BoundedSearchMixin


class ReadOnlyMixin:
    """Records written only by the services (money, history, logs): the admin shows them and never edits them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(BoundedSearchMixin, ReadOnlyMixin, admin.ModelAdmin):
    pass
