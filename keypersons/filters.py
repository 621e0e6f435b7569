"""The list filters as plain GET forms: key persons (name, status, neighbourhood, domain, cadence) and signals (state,
neighbourhood, theme, severity, owner, overdue and period)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Neighbourhood

from .forms import DATE, network_staff
from .models import Domain, KeyPerson, Signal, SignalState, Topic
from .queries.people import Cadence

STATES = [("open", _("open signals")), ("all", _("all signals")), *SignalState.choices]


class SignalFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=STATES, label=_("State"), empty_label=None, method="by_state", initial="open"
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        queryset=Neighbourhood.objects.all(), label=_("Neighbourhood"), empty_label=_("All neighbourhoods")
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), label=_("Theme"), empty_label=_("All themes")
    )
    severity = django_filters.ChoiceFilter(
        choices=Signal.Severity.choices, label=_("Severity"), empty_label=_("Any severity")
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=network_staff(), label=_("Owner"), empty_label=_("Anyone")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue (still new after the response deadline)"), method="only_overdue",
        widget=forms.CheckboxInput,
    )  # fmt: skip
    observed_from = django_filters.DateFilter(
        field_name="observed_on", lookup_expr="gte", label=_("Observed from"), widget=DATE
    )
    observed_until = django_filters.DateFilter(
        field_name="observed_on", lookup_expr="lte", label=_("Observed until"), widget=DATE
    )

    class Meta:
        model = Signal
        fields = [
            "state",
            "neighbourhood",
            "theme",
            "severity",
            "owner",
            "overdue",
            "observed_from",
            "observed_until",
        ]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(state=SignalState.CLOSED)
        return queryset if value == "all" else queryset.filter(state=value)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(state=SignalState.NEW) & Q(respond_by__lt=timezone.localdate()))


class KeyPersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    status = django_filters.ChoiceFilter(choices=KeyPerson.Status.choices, label=_("Status"), empty_label=_("Any status"))  # fmt: skip
    neighbourhood = django_filters.ModelChoiceFilter(
        field_name="neighbourhoods", queryset=Neighbourhood.objects.all(), label=_("Neighbourhood"),
        empty_label=_("All neighbourhoods"), distinct=True,
    )  # fmt: skip
    domain = django_filters.ModelChoiceFilter(
        field_name="domains", queryset=Domain.objects.all(), label=_("Domain"), empty_label=_("All domains"),
        distinct=True,
    )  # fmt: skip

    # Cadence is worked out per person in Python (queries.people.cadence); the view filters on it after the query.
    cadence = django_filters.ChoiceFilter(
        choices=list(Cadence.LABELS.items()),
        label=_("Contact cadence"), empty_label=_("Any"), method="cadence_in_python",
    )  # fmt: skip

    class Meta:
        model = KeyPerson
        fields = ["q", "status", "neighbourhood", "domain", "cadence"]

    def cadence_in_python(self, queryset, name, value):
        return queryset
