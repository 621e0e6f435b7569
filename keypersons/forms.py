"""Forms of the director's workspace. They check input; the rules themselves live in the services."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.roles import DIRECTOR, NETWORK_STAFF
from initiatives.models import Neighbourhood, Organisation

from .consent_forms import ConsentForm
from .models import (
    ContactMoment,
    Domain,
    KeyPerson,
    Network,
    Partner,
    Signal,
    SignalState,
    TemperatureReading,
    Tie,
    Topic,
)
from .queries.people import usable_key_persons
from .services.scope import covered_categories

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_ABOUT_RESIDENTS = _(
    "Signals and temperatures are about neighbourhoods and themes, never about named residents: "
    "do not write names or descriptions of private persons."
)
# The help text of every free-text field that services/screening.py checks before saving.
SCREENED = _(
    "Write about the work, the neighbourhood or the theme. Not allowed: anyone's faith, origin, political "
    "opinion, health, pregnancy or sexual orientation, and names, e-mail addresses or telephone numbers of other "
    "people. The text is checked before it is saved."
)
SIGNAL_SCREENED = _(
    "About the neighbourhood and the theme only. Not allowed: names of residents or key persons (they are always "
    "refused), and words about faith, origin, political opinion, health or sexual orientation unless the signal "
    "is about the neighbourhood, not a person (tick below)."
)


def network_staff():
    return (
        get_user_model().objects.filter(groups__name__in=[DIRECTOR, NETWORK_STAFF], is_active=True).distinct()
    )


__all__ = ["DATE", "ConsentForm", "ContactForm", "KeyPersonForm", "NetworkForm", "TieForm", "network_staff"]


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class KeyPersonForm(forms.ModelForm):
    class Meta:
        model = KeyPerson
        fields = [
            "name", "email", "phone", "status", "contact_every_weeks", "introduced_by",
            "neighbourhoods", "domains", "languages", "position",
        ]  # fmt: skip
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "domains": forms.CheckboxSelectMultiple,
            "position": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "position": SCREENED,
            "languages": _("Stored only with consent. For example: Dutch, Arabic, Turkish."),
            "neighbourhoods": _("Stored only with consent."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = usable_key_persons()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["introduced_by"].queryset = others
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.all()
        domains = self.fields["domains"]
        domains.help_text = _(
            "Stored only with consent. A special domain (such as faith communities) only when the consent names "
            "its category explicitly."
        )
        if self.instance.pk:  # offer only the special domains this person's consent names
            covered = covered_categories([self.instance]) or set()
            domains.queryset = Domain.objects.filter(Q(is_special=False) | Q(special_category__in=covered))


class TieForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all(), required=False)
    other_person = forms.ModelChoiceField(
        label=_("Key person"), queryset=KeyPerson.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    role = forms.CharField(
        label=_("Role"), max_length=200, required=False, help_text=Tie._meta.get_field("role").help_text
    )
    strength = forms.TypedChoiceField(label=_("Strength"), choices=Tie.Strength.choices, coerce=int, initial=Tie.Strength.REGULAR)  # fmt: skip

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = usable_key_persons()
        self.fields["other_person"].queryset = others.exclude(pk=person.pk) if person else others

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("network", "other_person", "organisation") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one network, key person or organisation."))
        return data


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "kind", "category", "neighbourhoods", "description"]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _(
                "The name the network goes by, never the name of a person (not “Vrouwengroep Yasmina”)."
            ),
            "description": SCREENED,
        }


SEARCH_LIMIT = 50


class ContactForm(forms.Form):
    """The contact moment part of the quick log."""

    occurred_on = forms.DateField(label=_("Date of the contact"), widget=DATE)
    key_persons = forms.ModelMultipleChoiceField(
        label=_("Key persons spoken to"),
        queryset=KeyPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactMoment.Channel.choices)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy("{} {}", _("Only seen inside the network workspace. Removed when the key person is erased."), SCREENED),
    )  # fmt: skip
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=SCREENED
    )
    follow_up_due_on = forms.DateField(
        label=_("Follow-up due on"), required=False, widget=DATE,
        help_text=_("With a date, the follow-up becomes an action with the (first) key person."),
    )  # fmt: skip

    def __init__(self, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("occurred_on", timezone.localdate())
        self.fields["key_persons"].queryset = self._offered(search.strip())
        self.fields["key_persons"].help_text = _(
            "Search by name above, then tick who you spoke to. Only the people found and those already chosen "
            "are listed."
        )
        self.is_informing = False
        if not self.is_bound:
            self._offer_what_consent_allows()

    def _offered(self, search: str):
        """Search, then choose: the people the search finds and those already chosen, never the whole network."""
        people = usable_key_persons().exclude(status=KeyPerson.Status.ENDED)
        if self.is_bound:
            chosen = [pk for pk in self.data.getlist(self.add_prefix("key_persons")) if str(pk).isdigit()]
        else:
            chosen = [pk for pk in self.initial.get("key_persons") or [] if str(pk).isdigit()]
        wanted = Q(pk__in=chosen)
        if len(search) >= 2:
            wanted |= Q(name__icontains=search)
        found = people.filter(wanted).values_list("pk", flat=True)[:SEARCH_LIMIT]
        return people.filter(pk__in=list(found))

    def _offer_what_consent_allows(self):
        """Offer only what the chosen people's consent allows (the service refuses the rest whatever is sent)."""
        chosen = list(
            self.fields["key_persons"].queryset.filter(pk__in=self.initial.get("key_persons") or [])
            .prefetch_related("consents")
        )  # fmt: skip
        covered = covered_categories(chosen) if chosen else set()
        if covered is None:  # someone without valid consent: only the informing conversation
            self.is_informing = True
            for name in ("topics", "notes", "follow_up", "follow_up_due_on"):
                del self.fields[name]
            return
        topics = self.fields["topics"]
        topics.queryset = Topic.objects.filter(Q(is_special=False) | Q(special_category__in=covered))
        topics.help_text = _(
            "Special themes (such as religion) are offered only for people whose consent names that category."
        )

    def clean_occurred_on(self):
        return _not_in_future(
            self.cleaned_data.get("occurred_on"), _("A contact moment cannot lie in the future.")
        )

    def clean(self):
        data = super().clean()
        due = data.get("follow_up_due_on")
        if due and not data.get("follow_up"):
            self.add_error("follow_up", _("Say what the follow-up is, or leave its date empty."))
        if due and due < timezone.localdate():
            self.add_error("follow_up_due_on", _("The due date lies in the past."))
        return data


class ReadingForm(forms.Form):
    """One temperature reading; an empty row is skipped."""

    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.all(), required=False
    )
    level = forms.IntegerField(
        label=_("Temperature (1 calm – 5 high tension)"), required=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)], widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("neighbourhood") and data.get("level") is None and "level" not in self.errors:
            self.add_error("level", _("Give a temperature from 1 to 5."))
        if data.get("level") is not None and not data.get("neighbourhood"):
            self.add_error("neighbourhood", _("Choose the neighbourhood of this temperature."))
        return data


ReadingFormSet = forms.formset_factory(ReadingForm, extra=3, max_num=10)


class SignalForm(forms.ModelForm):
    class Meta:
        model = Signal
        fields = [
            "observed_on",
            "neighbourhood",
            "theme",
            "severity",
            "source",
            "description",
            "escalated_to",
            "owner",
        ]
        widgets = {
            "observed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "escalated_to": forms.CheckboxSelectMultiple,
        }

    about_neighbourhood = forms.BooleanField(
        label=_("This is about the neighbourhood, not a person"),
        required=False,
        help_text=_("Only when the description must name a faith, origin or other special category to describe "
                    "the tension in the neighbourhood. Ticking this is logged."),
    )  # fmt: skip

    def __init__(self, *args, quick=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("observed_on", timezone.localdate())
        self.fields["description"].help_text = format_lazy("{} {}", NOT_ABOUT_RESIDENTS, SIGNAL_SCREENED)
        self.fields["escalated_to"].queryset = Partner.objects.all()
        self.fields["owner"].queryset = network_staff()
        self.fields["owner"].help_text = _("Who follows the signal up; empty: you.")
        self.fields["neighbourhood"].error_messages["required"] = _(
            "Choose the neighbourhood where the tension is."
        )
        if quick:  # in the quick log the date and source come from the contact moment
            del self.fields["observed_on"]
            del self.fields["source"]
            del self.fields["owner"]

    def clean_observed_on(self):
        return _not_in_future(
            self.cleaned_data.get("observed_on"), _("A signal cannot be observed in the future.")
        )


class QuickSignalForm(SignalForm):
    """The optional signal of the quick log: only validated when 'there is a signal' is ticked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, quick=True, **kwargs)


class TemperatureForm(forms.ModelForm):
    class Meta:
        model = TemperatureReading
        fields = ["neighbourhood", "level", "measured_on", "source"]
        widgets = {"measured_on": DATE, "level": forms.NumberInput(attrs={"min": 1, "max": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("measured_on", timezone.localdate())
        self.fields["neighbourhood"].help_text = NOT_ABOUT_RESIDENTS

    def clean_measured_on(self):
        return _not_in_future(
            self.cleaned_data.get("measured_on"), _("A temperature cannot be taken in the future.")
        )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New state"), choices=SignalState.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (value, label) for value, label in SignalState.choices if value in allowed
        ]


class EscalationForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label=_("Escalate to"), queryset=Partner.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Summary for the partner"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mailed to the partner's contact with the neighbourhood, theme and severity. Never a name."),
    )  # fmt: skip


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback of the partner"), widget=forms.Textarea(attrs={"rows": 2}), help_text=SCREENED
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}), help_text=SCREENED
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = network_staff()
        self.initial.setdefault("due_on", timezone.localdate() + timedelta(days=7))

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date lies in the past."))
        return due


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return data


class GraphFilter(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label=_("All neighbourhoods"),
    )
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.all(), required=False, empty_label=_("All domains"))  # fmt: skip
