"""Reading and writing amounts of euros the way people in the Netherlands (and on the English pages) type them."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from maastricht_inclusie.money import AmountError, amount_text, euro, parse_euro

AMOUNTS = st.decimals(min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"), places=2)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2500", "2500"), ("2.500", "2500"), ("2.500,50", "2500.50"), ("2500,50", "2500.50"),
        ("€ 2.500,50", "2500.50"), ("€2.500,50", "2500.50"), ("2.500,-", "2500"), ("EUR 2.500,50", "2500.50"),
        (" 2 500,50 ", "2500.50"), ("1.000.000", "1000000"), (",50", "0.50"), ("€ -10", "-10"),
    ],
)  # fmt: skip
def test_a_dutch_page_reads_every_usual_way_of_writing_an_amount(typed, amount):
    assert parse_euro(typed, "nl") == Decimal(amount)


@pytest.mark.parametrize("typed", ["2,500.50", "2500.50", "€ 2,500.50", "2,500"])
def test_an_english_page_reads_the_english_way(typed):
    assert parse_euro(typed, "en") == (Decimal("2500") if typed == "2,500" else Decimal("2500.50"))


@pytest.mark.parametrize(
    ("typed", "language"), [("2,500", "nl"), ("1,000", "nl"), ("2.500", "en"), ("12.345", "en")]
)
def test_a_single_separator_before_three_digits_that_two_readers_read_differently_is_refused(typed, language):
    with pytest.raises(AmountError) as refused:
        parse_euro(typed, language)

    assert refused.value.code == "ambiguous"
    cents_reading, thousands_reading = refused.value.readings
    assert thousands_reading == cents_reading * 1000


@pytest.mark.parametrize("typed", ["2500,505", "2.500,5000", "0,125"])
def test_more_than_cents_is_refused(typed):
    with pytest.raises(AmountError) as refused:
        parse_euro(typed, "nl")

    assert refused.value.code == "cents"


@pytest.mark.parametrize(
    "typed", ["", "€", "abc", "2..5", "1.00.000", "2 5", "12a", "1.000 000", "--5", "2,5,0"]
)
def test_text_that_is_no_amount_is_refused(typed):
    with pytest.raises(AmountError) as refused:
        parse_euro(typed, "nl")

    assert refused.value.code == "invalid"


def test_a_separator_followed_by_one_or_two_digits_can_only_be_the_decimal_one_in_either_language():
    for language in ("nl", "en"):
        assert parse_euro("12,5", language) == Decimal("12.5")
        assert parse_euro("5000.00", language) == Decimal("5000.00")


def test_amounts_are_written_with_the_separators_of_the_language():
    assert amount_text(Decimal("1234567.5"), "nl") == "1.234.567,50"
    assert amount_text(Decimal("1234567.5"), "en") == "1,234,567.50"
    assert euro(Decimal("25000")) == "€\u00a025.000,00"  # the tests run in Dutch


@given(amount=AMOUNTS, written_in=st.sampled_from(["nl", "en"]), read_in=st.sampled_from(["nl", "en"]))
@example(amount=Decimal("2500.50"), written_in="nl", read_in="en")
@example(amount=Decimal("0.05"), written_in="en", read_in="nl")
def test_every_amount_written_in_either_language_is_read_back_as_itself_in_both(amount, written_in, read_in):
    written = amount_text(amount, written_in)

    assert parse_euro(written, read_in) == amount
    assert parse_euro("€ " + written, read_in) == amount


@given(
    whole=st.integers(min_value=1, max_value=999),
    group=st.integers(min_value=0, max_value=999),
    separator=st.sampled_from([".", ","]),
    language=st.sampled_from(["nl", "en"]),
)
def test_an_amount_is_never_guessed(whole, group, separator, language):
    """A single separator before three digits is read as thousands only where it is the thousands separator
    of the page's language; anywhere else it is refused, never read as something else."""
    typed = f"{whole}{separator}{group:03d}"
    thousands_separator = "." if language == "nl" else ","

    if separator == thousands_separator:
        assert parse_euro(typed, language) == whole * 1000 + group
    else:
        with pytest.raises(AmountError):
            parse_euro(typed, language)


@given(text=st.text(alphabet="0123456789.,€ -eEuUrRoO", max_size=16), language=st.sampled_from(["nl", "en"]))
def test_whatever_is_typed_gives_an_amount_with_at_most_cents_or_a_reason(text, language):
    try:
        value = parse_euro(text, language)
    except AmountError as error:
        assert error.code in {"invalid", "cents", "ambiguous"}
    else:
        assert value == value.quantize(Decimal("0.01"))
