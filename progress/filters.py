import django_filters
from django.utils.translation import gettext_lazy as _

from initiatives.models import Neighbourhood, Theme
from initiatives.queries import full_text_search
from tenders.models import Decision, Round


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search organisation or project"))
    round = django_filters.ModelChoiceFilter(
        field_name="application__round", queryset=Round.objects.select_related("programme"), label=_("Round"),
        empty_label=_("All rounds"),
    )  # fmt: skip
    theme = django_filters.ModelChoiceFilter(
        field_name="application__themes",
        queryset=Theme.objects.all(),
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        field_name="application__neighbourhoods", queryset=Neighbourhood.objects.all(), label=_("Neighbourhood"),
        empty_label=_("All neighbourhoods"),
    )  # fmt: skip

    class Meta:
        model = Decision
        fields = ["q", "round", "theme", "neighbourhood"]

    def search(self, queryset, name, value):
        by_project = full_text_search(
            queryset, value, title="application__title", body="application__summary"
        )
        by_organisation = queryset.filter(application__organisation__name__icontains=value.strip())
        return queryset.filter(pk__in=by_project.values("pk")) | by_organisation
