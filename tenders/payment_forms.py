"""Forms of the payment batches: choosing due payments, and uploading a bank statement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Payment

STATEMENT_LIMIT = 5_000_000


class PaymentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, payment):
        return f"{payment.application.reference} · {payment.application.organisation.name} · {payment.get_kind_display()}"


class PrepareBatchForm(forms.Form):
    payments = PaymentChoiceField(
        label=_("Due payments"), queryset=Payment.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one due payment.")},
    )  # fmt: skip

    def __init__(self, *args, due, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payments"].queryset = due


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (camt.053, XML)"),
        help_text=_("Payments sent to finance that the statement shows with the same reference and amount are marked paid; reclaims paid back with their payment reference and amount are booked as received."),
    )  # fmt: skip

    def clean_statement(self):
        upload = self.cleaned_data["statement"]
        if upload.size > STATEMENT_LIMIT:
            raise forms.ValidationError(_("The statement is larger than 5 MB."))
        return upload.read()
