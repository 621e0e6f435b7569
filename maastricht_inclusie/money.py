"""Money in the portal: Decimal euros, shown and read the Dutch way (and the English way on English pages)."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.formats import get_format
from django.utils.translation import get_language

CENT = Decimal("0.01")


def euro(amount: Decimal | int | None) -> str:
    """'€ 12.500,00' in Dutch, '€ 12,500.00' in English (the active language's separators)."""
    if amount is None:
        return "–"
    return "€\u00a0" + amount_text(amount)


def amount_text(amount: Decimal | int, language: str | None = None) -> str:
    """'12.500,00' in Dutch, '12,500.00' in English: an amount without the euro sign, as a money field shows it."""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    decimal_separator, group_separator = separators(language)
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    return ("-" if value < 0 else "") + group_separator.join(groups) + decimal_separator + cents


def separators(language: str | None = None) -> tuple[str, str]:
    """The decimal and the thousands separator of a language: (',', '.') in Dutch, ('.', ',') in English."""
    language = language or get_language() or "nl"
    return (
        get_format("DECIMAL_SEPARATOR", lang=language, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", lang=language, use_l10n=True),
    )


class AmountError(ValueError):
    """Why typed text is not an amount.

    `code` is "invalid" (not an amount at all), "cents" (more than two digits after the decimal separator) or
    "ambiguous" (a single separator followed by three digits that this language would read as a decimal
    separator and the other as a thousands separator: `readings` then holds both amounts).
    """

    def __init__(self, code: str, readings: tuple[Decimal, Decimal] | None = None):
        super().__init__(code)
        self.code = code
        self.readings = readings


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?\b)|(?:€|\beur(?:o|os)?)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:[., ]\d+)*$")


def parse_euro(text: str, language: str | None = None) -> Decimal:
    """Read an amount of euros as a person types it, in the page's language.

    Dutch pages accept `2500`, `2.500`, `2.500,50`, `2500,50`, `€ 2.500,50` and `2.500,-`; English pages
    `2,500.50` and the same without separators. Whatever a separator can only mean is read that way in
    either language (`2.500,50` and `2,500.50` both have one reading, and so has `12,5`). Text that two
    people could read differently is refused, never guessed: on a Dutch page `2,500` could be €2.50 or
    €2,500.00, so it raises AmountError("ambiguous") with both readings. Raises AmountError("invalid")
    for anything that is not an amount, and AmountError("cents") for more than two decimals.
    """
    group_separator = separators(language)[1]
    text = _SPACES.sub(" ", str(text)).strip().replace("\u2212", "-")
    negative = False
    for _pass in range(2):  # a sign before or after the euro sign: "-€ 10" and "€ -10"
        if text.startswith("-") and not negative:
            negative, text = True, text[1:].strip()
        text = _CURRENCY.sub("", text).strip()
    if text.endswith((",-", ",--")):  # "€ 25,-": whole euros, the Dutch way
        text = text.rstrip("-")[:-1]
        if not text or not text[-1].isdigit():
            raise AmountError("invalid")
    if text[:1] in {".", ","} and text[1:2].isdigit():
        text = "0" + text  # ",50" and ".50"
    if not _NUMBER.match(text):
        raise AmountError("invalid")
    value = _read(re.split(r"([., ])", text), group_separator)
    return -value if negative else value


def _read(parts: list[str], group_separator: str) -> Decimal:
    """The amount of digit runs and the separators between them: ["2", ".", "500", ",", "50"]."""
    runs, seps = parts[0::2], parts[1::2]
    if not seps:
        return Decimal(runs[0])
    last, tail = seps[-1], runs[-1]
    if last == " " or seps.count(last) > 1:
        return _grouped(runs, seps)  # "1.000.000", "1 000": thousands only
    # The last separator occurs once: the decimal separator, or a single thousands separator.
    if len(tail) <= 2:  # one or two digits after it: only a decimal separator can be followed by that
        return Decimal(f"{_grouped(runs[:-1], seps[:-1])}.{tail}")
    if len(tail) == 3 and len(seps) == 1 and _groups_valid(runs):
        if last == group_separator:
            return Decimal("".join(runs))
        # This language's decimal separator before three digits: the other language's thousands separator.
        raise AmountError("ambiguous", readings=(Decimal(f"{runs[0]}.{tail}"), Decimal("".join(runs))))
    _grouped(runs[:-1], seps[:-1])
    raise AmountError("cents")  # "2500,505", "2.500,5000": more than cents


def _grouped(runs: list[str], seps: list[str]) -> Decimal:
    """Digit runs joined by one and the same thousands separator: 1–3 digits, then groups of three."""
    if seps and (len(set(seps)) != 1 or not _groups_valid(runs)):
        raise AmountError("invalid")
    return Decimal("".join(runs))


def _groups_valid(runs: list[str]) -> bool:
    first, rest = runs[0], runs[1:]
    if rest and first.startswith("0"):
        return False
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)


class EuroField(models.DecimalField):
    """A DecimalField of euros, 12 digits with 2 decimals, whose form field is MoneyField (in the portal's
    forms and in the admin alike).

    The database column is an ordinary decimal, so migrations see a DecimalField: the form field is
    presentation only, and changing a model field to EuroField needs no migration.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        # Imported here: the form field reads amounts with this module.
        from maastricht_inclusie.forms.money import MoneyField

        return super().formfield(**{"form_class": MoneyField, **kwargs})
