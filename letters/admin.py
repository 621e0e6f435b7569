from django.contrib import admin

from maastricht_inclusie.readonly_admin import ReadOnlyAdmin

from .models import Delivery, Letter


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ("queued_at", "recipients", "sent_at", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    """Issued letters are documents: nothing about them can be changed here, not even by a superuser."""

    list_display = ("issued_at", "reference", "kind", "organisation", "sent_at")
    list_filter = ("kind",)
    search_fields = ("reference",)
    exclude = ("html", "translation_html")  # the letter as issued is its PDF, downloaded where it is listed
    inlines = [DeliveryInline]
