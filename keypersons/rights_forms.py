"""Forms of a key person's rights (AVG art. 15–21), the erasure and the retention review. They check input; the
rules live in services/rights.py, services/erasure.py and services/retention.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Rectification

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RECEIVED_HELP = _(
    "The date the person's request reached the municipality: the answer is due within one month."
)


def _received_on():
    return forms.DateField(
        label=_("Request received on"), widget=DATE, initial=timezone.localdate, help_text=RECEIVED_HELP
    )


class AccessRequestForm(forms.Form):
    """Art. 15: the person asks for a copy of their data."""

    received_on = _received_on()


class RectificationForm(forms.Form):
    """Art. 16: one detail corrected at the person's request."""

    received_on = _received_on()
    field = forms.ChoiceField(label=_("Detail to correct"), choices=Rectification.Field.choices)
    value = forms.CharField(
        label=_("Correct value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person says is right. Leave empty to remove a detail that should not be kept."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example how the request was made. Do not write details of other people."),
    )


class RestrictionForm(forms.Form):
    """Art. 18: kept, not used."""

    received_on = _received_on()
    grounds = forms.CharField(
        label=_("Ground for the restriction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Article 18(1): the accuracy is contested, the processing is unlawful but the person does not want "
            "erasure, the person needs the data for a legal claim, or an objection is being assessed."
        ),
        error_messages={"required": _("Say on which ground of article 18 the processing is restricted.")},
    )


class LiftRestrictionForm(forms.Form):
    """Art. 18(3): the person is told before the restriction is lifted."""

    grounds = forms.CharField(
        label=_("Why the restriction ends, and when the person was told"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the restriction ends and when the person was told.")},
    )


class ObjectionForm(forms.Form):
    """Art. 21: stop and erase, unless there are compelling legitimate grounds."""

    STOP, CONTINUE = "stop", "continue"

    received_on = _received_on()
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (STOP, _("Granted: stop the processing and erase the person's data")),
            (CONTINUE, _("Refused: there are compelling legitimate grounds to continue")),
        ],
    )
    grounds = forms.CharField(
        label=_("Compelling legitimate grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the objection is refused: they override the person's interests, and are told "
                    "to the person."),
    )  # fmt: skip


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the mentions above: erase this person and every mention"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class RetentionKeepForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the record is still needed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the record is still needed.")},
    )
