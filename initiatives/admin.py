from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maastricht_inclusie.admin_search import BoundedSearchMixin
from maastricht_inclusie.spreadsheets import SpreadsheetAdmin

from . import services
from .models import Campaign, Initiative, Membership, Neighbourhood, Organisation, TargetGroup, Theme
from .resources import InitiativeResource, OrganisationResource


class InitiativeInline(admin.TabularInline):
    model = Initiative
    extra = 0
    fields = ("title", "status", "campaign", "is_public")
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(BoundedSearchMixin, SpreadsheetAdmin):
    resource_classes = [OrganisationResource]
    list_display = ("name", "kind", "status", "is_public", "is_subsidised", "kvk_number")
    list_filter = ("status", "kind", "is_public", "is_subsidised", "themes", "neighbourhoods__district")
    search_fields = ("name", "kvk_number", "description", "email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("neighbourhoods", "themes", "target_groups")
    readonly_fields = ("verified_at", "verified_by", "created_at", "updated_at")
    inlines = [MembershipInline, InitiativeInline]
    actions = ["verify_selected", "reject_selected"]
    list_per_page = 50

    @admin.action(description=_("Verify the selected organisations (approves registration requests)"),
                  permissions=["verify"])  # fmt: skip
    def verify_selected(self, request, queryset):
        for organisation in queryset:
            services.verify_organisation(organisation=organisation, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d organisation verified.", "%(count)d organisations verified.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected registration requests"), permissions=["verify"])
    def reject_selected(self, request, queryset):
        rejected = 0
        for organisation in queryset.filter(status=Organisation.Status.REQUESTED):
            services.reject_registration(organisation=organisation, by=request.user)
            rejected += 1
        self.message_user(
            request,
            ngettext("%(count)d request rejected.", "%(count)d requests rejected.", rejected)
            % {"count": rejected},
            messages.SUCCESS,
        )

    def has_verify_permission(self, request):
        return request.user.has_perm("initiatives.verify_organisation")


@admin.register(Initiative)
class InitiativeAdmin(BoundedSearchMixin, SpreadsheetAdmin):
    resource_classes = [InitiativeResource]
    list_display = ("title", "organisation", "status", "campaign", "is_public")
    list_filter = ("status", "is_public", "campaign", "themes", "neighbourhoods__district")
    search_fields = ("title", "description", "organisation__name")
    list_select_related = ("organisation", "campaign")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("neighbourhoods", "themes", "target_groups")
    autocomplete_fields = ("organisation",)


@admin.register(Campaign)
class CampaignAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "status", "starts_on", "ends_on", "lead_organisation")
    list_filter = ("status",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("lead_organisation",)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "code", "district")
    list_filter = ("district",)
    search_fields = ("name", "code")


@admin.register(Theme, TargetGroup)
class ReferenceListAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "name_en")
    search_fields = ("name", "name_en")


@admin.register(Membership)
class MembershipAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email", "organisation__name")
    autocomplete_fields = ("user", "organisation")
