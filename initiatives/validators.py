"""Validators for Dutch registration numbers and addresses."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

kvk_number_validator = RegexValidator(
    r"^\d{8}\Z", _("A KvK number has exactly 8 digits, for example 12345678.")
)

# Dutch postcodes: four digits (not starting with 0), two letters; SA, SD and SS are never issued.
postcode_validator = RegexValidator(
    r"^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\Z",
    _("Enter a Dutch postcode: four digits and two capital letters, for example 6211 AB."),
)


def normalise_postcode(value: str) -> str:
    """'6211ab' and '6211 AB' are the same postcode; store it as '6211 AB'."""
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.strip().upper()
