"""Validators for Dutch registration numbers and addresses."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

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


def normalise_iban(value: str) -> str:
    """An IBAN in its compact form ('NL91ABNA0417164300'), checked with schwifty: country, length, checksum,
    and for a Dutch account a bank code that exists (a typo in the bank code is caught before money goes out)."""
    try:
        iban = IBAN(value)
    except (SchwiftyException, ValueError) as error:
        raise ValidationError(
            _("This is not a valid IBAN: check the letters and digits, for example NL91 ABNA 0417 1643 00.")
        ) from error
    if iban.country_code == "NL" and iban.bank is None:
        raise ValidationError(
            _("The bank code %(code)s of this IBAN is not a Dutch bank.") % {"code": iban.bank_code}
        )
    return iban.compact
