"""Filters of the public directory (django-filter); every filter works as a plain GET form."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Initiative, Neighbourhood, Organisation, TargetGroup, Theme
from .queries import full_text_search


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=Theme.objects.all(), label=_("Theme"), empty_label=_("All themes")
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        field_name="neighbourhoods",
        queryset=Neighbourhood.objects.all(),
        label=_("Neighbourhood"),
        empty_label=_("All neighbourhoods"),
    )
    target_group = django_filters.ModelChoiceFilter(
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        label=_("Target group"),
        empty_label=_("All target groups"),
    )
    search_fields = ("name", "description")

    def search(self, queryset, name, value):
        title, body = self.search_fields
        return full_text_search(queryset, value, title=title, body=body)


class OrganisationFilter(DirectoryFilter):
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Organisation
        fields = ["q", "theme", "neighbourhood", "target_group", "kind"]


class InitiativeFilter(DirectoryFilter):
    status = django_filters.ChoiceFilter(
        choices=Initiative.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("Campaign"), empty_label=_("All campaigns")
    )
    search_fields = ("title", "description")

    class Meta:
        model = Initiative
        fields = ["q", "theme", "neighbourhood", "target_group", "status", "campaign"]
