"""The one money field of the portal: a text box with "€" before it that reads amounts the way people type them.

`type=number` does not fit money in a Dutch portal: Chromium reads "2.500" as two and a half and lets
"2500,50" through as 250050. This field takes text, reads it with `parse_euro` in the page's language,
refuses what could be read two ways, and shows a value back in the page's language ("2.500,50" in Dutch,
"2,500.50" in English). Model fields that hold euros are `maastricht_inclusie.money.EuroField`, whose form
field this is, so the portal's forms and the admin get it alike.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import AmountError, amount_text, euro, parse_euro, separators

SEPARATOR_NAMES = {".": _("point"), ",": _("comma")}


class MoneyInput(forms.TextInput):
    """A text box for euros: "€" before it, a decimal keyboard on phones, the value in the page's language."""

    template_name = "forms/widgets/money.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "decimal",
                "spellcheck": "false",
                "class": "mi-money__input",
                "data-money": "",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return amount_text(value)
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """Euros to the cent, typed as text: `2500`, `2.500`, `2.500,50`, `€ 2.500,50` (and `2,500.50` in English)."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Enter an amount in euros, such as %(example)s."),
        "cents": _("Enter at most two digits for the cents, such as %(example)s."),
        "ambiguous": _(
            "“%(value)s” can be read in two ways. Write thousands with a %(group)s or without a separator, and "
            "cents after a %(decimal)s, such as %(thousands)s or %(cents)s."
        ),
    }
    # The same messages naming the field, for the form's error summary and the message above the field.
    labelled_error_messages = {
        "required": _("Fill in an amount in euros for “%(label)s”."),
        "invalid": _("Enter an amount in euros for “%(label)s”, such as %(example)s."),
        "cents": _("Enter at most two digits for the cents in “%(label)s”, such as %(example)s."),
        "ambiguous": _(
            "“%(value)s” in “%(label)s” can be read in two ways. Write thousands with a %(group)s or without a "
            "separator, and cents after a %(decimal)s, such as %(thousands)s or %(cents)s."
        ),
        "min_value": _("“%(label)s” must be at least %(limit_value)s."),
        "max_value": _("“%(label)s” can be at most %(limit_value)s."),
        "max_digits": _("“%(label)s” is more than the portal can hold."),
        "max_whole_digits": _("“%(label)s” is more than the portal can hold."),
        "max_decimal_places": _(
            "Enter at most two digits for the cents in “%(label)s”, such as %(example)s."
        ),
    }

    def __init__(self, *, max_digits=12, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_euro(value)
        except AmountError as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params=self.message_params(value)
            ) from error

    def message_params(self, value=None) -> dict:
        """What the messages fill in: the examples in the page's language and the typed value."""
        decimal, group = separators()
        return {
            "value": value,
            "example": amount_text(Decimal("2500.50")),
            "thousands": amount_text(Decimal("2500"))[:-3],
            "cents": amount_text(Decimal("2.50")),
            "group": SEPARATOR_NAMES.get(group, group),
            "decimal": SEPARATOR_NAMES.get(decimal, decimal),
        }

    @staticmethod
    def display(value) -> str:
        """A limit in a message: "€ 1.000,00"."""
        return euro(value)
