"""Money in the portal: Decimal euros, shown the Dutch way."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

CENT = Decimal("0.01")


def euro(amount: Decimal | int | None) -> str:
    """'€ 12.500,00' in Dutch, '€ 12,500.00' in English (the active language's separators)."""
    if amount is None:
        return "–"
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return "€\u00a0" + number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
