from django.contrib import admin

from maastricht_inclusie.admin_search import BoundedSearchMixin

from .models import Commitment, FundingLine, Indicator, IndicatorUpdate


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "amount_per_year", "first_year", "last_year")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("name", "unit", "target", "target_date")
    show_change_link = True


@admin.register(Commitment)
class CommitmentAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "date", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "text")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("campaigns", "rounds", "initiatives")
    inlines = [IndicatorInline]


class IndicatorUpdateInline(admin.TabularInline):
    model = IndicatorUpdate
    extra = 1
    fields = ("date", "value", "note")


@admin.register(Indicator)
class IndicatorAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "unit", "baseline", "target", "target_date", "commitment")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [IndicatorUpdateInline]
