"""The form of an amendment of a published round's rules (wijziging van de regeling)."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Round
from .services.rounds import FROZEN_FIELDS


class AmendmentForm(forms.Form):
    """A published round's rules, as they are now, to change with a reason (wijziging van de regeling)."""

    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the amendment on the round's page."),
    )  # fmt: skip

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FROZEN_FIELDS:
            field = Round._meta.get_field(name).formfield()
            if name in ("opens_at", "closes_at"):
                field = forms.DateTimeField(
                    label=field.label, input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                )  # fmt: skip
            field.initial = getattr(round_, name)
            self.fields[name] = field
        self.order_fields([*FROZEN_FIELDS, "reason"])
        self.round = round_

    def changes(self) -> dict:
        """The rules whose value was changed (moments to the minute, as the form shows them)."""
        changed = {}
        for name in FROZEN_FIELDS:
            value, current = self.cleaned_data[name], getattr(self.round, name)
            if isinstance(current, datetime):
                current = current.replace(second=0, microsecond=0)
            if value != current:
                changed[name] = value
        return changed
