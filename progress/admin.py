from django.contrib import admin

from .models import FundingLine


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "amount_per_year", "first_year", "last_year")
