"""Forms of a reclaim (terugvordering): recording the money received, and writing it off with a reason."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReclaimPaidForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the money arrived on the municipality's account."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class WriteOffForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the reclaim is written off"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for writing the reclaim off.")},
    )  # fmt: skip
