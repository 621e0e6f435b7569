"""Consent and informing: the consent form (AVG art. 7 and 9(2)(a)) and the information text and its record (art. 14)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Consent, InformationText, InformedHow, SpecialCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class ConsentForm(forms.Form):
    """AVG art. 9(2)(a): explicit consent, with its date, scope and expiry."""

    given_on = forms.DateField(label=_("Consent given on"), widget=DATE)
    scope = forms.ChoiceField(
        label=_("Scope of the consent"), choices=Consent.Scope.choices, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(
        label=_("Consent expires on"), widget=DATE, help_text=_("At most two years after it was given.")
    )
    evidence = forms.CharField(
        label=_("How the consent was given"),
        max_length=200,
        help_text=Consent._meta.get_field("evidence").help_text,
    )
    special_categories = forms.MultipleChoiceField(
        label=_("Special categories the person explicitly agreed to"),
        choices=SpecialCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick a category only when the consent form names it in so many words (AVG art. 9(2)(a)). Without it, "
            "no theme, domain or network of that category is linked to the person."
        ),
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("given_on", today)
        self.initial.setdefault("expires_on", today + timedelta(days=365))
        self.optional = not required
        if self.optional:
            for field in self.fields.values():
                field.required = False

    def clean_given_on(self):
        return _not_in_future(self.cleaned_data.get("given_on"), _("Consent cannot be given in the future."))

    def clean(self):
        data = super().clean()
        given, expires = data.get("given_on"), data.get("expires_on")
        if self.optional and not data.get("evidence"):
            return data  # not recording a consent now
        if self.optional:
            for name in ("given_on", "scope", "expires_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        if given and expires:
            if expires <= given:
                self.add_error("expires_on", _("The expiry date must come after the date consent was given."))
            elif expires > given + timedelta(days=2 * 366):
                self.add_error(
                    "expires_on", _("Consent is recorded for at most two years; ask again after that.")
                )
            elif expires <= timezone.localdate():
                self.add_error("expires_on", _("The expiry date must lie in the future."))
        return data

    @property
    def is_recording(self) -> bool:
        return bool(self.cleaned_data.get("evidence"))


class InformedForm(forms.Form):
    """AVG art. 14: when, how and with which version of the information text the person was informed."""

    informed_on = forms.DateField(label=_("Informed on"), widget=DATE)
    how = forms.ChoiceField(label=_("How"), choices=InformedHow.choices, widget=forms.RadioSelect)
    text = forms.ModelChoiceField(
        label=_("Version of the information text"),
        queryset=InformationText.objects.all(),
        empty_label=None,
        help_text=_("The version the person was given; the newest is chosen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("informed_on", timezone.localdate())
        self.initial.setdefault(
            "text", InformationText.objects.order_by("-version").values_list("pk", flat=True).first()
        )

    def clean_informed_on(self):
        return _not_in_future(
            self.cleaned_data.get("informed_on"), _("A person cannot be informed in the future.")
        )


class InformationTextForm(forms.Form):
    body = forms.CharField(
        label=_("Information text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "What the network keeps about a person, why, on which legal basis, for how long, who the controller "
            "is, where the data came from and which rights the person has (AVG art. 14). Saving a change makes a "
            "new version; the old versions are kept."
        ),
    )
