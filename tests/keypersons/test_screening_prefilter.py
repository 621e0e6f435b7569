"""The screening asks `may_mention` of every key person before compiling their patterns (issue 22: with 5,000 key
persons, logging one contact compiled 5,000 sets of patterns and took 40 seconds). It may only skip a person whose
patterns would find nothing: a property, over names, addresses, numbers and texts written every way the patterns
know (accents, capitals, titles, initials, "surname, given", telephone formats)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from keypersons.mentions import fold, may_mention, patterns_for

GIVEN = st.sampled_from(["Anouk", "Jeroen", "Fatima", "Zoë", "Chloé", "Mehmet", "A", "Jan-Willem", "Ömer"])
SURNAME = st.sampled_from(["Dassen", "de Vries", "van der Berg", "Bakkali", "Çelik", "Smeets-Ramakers", "Ng"])
PHONE = st.sampled_from(
    ["", "06-11223344", "+31 6 1122 3344", "0031 (0)43 350 9999", "+32 470 12 34 56", "043-3509999"]
)
FORMS = st.sampled_from(
    [
        "{g} {s}", "{G} {S}", "mevrouw {s}", "dhr. {s}", "{i}. {s}", "{s}, {g}", "{s}", "{g}", "{plain}",
        "{phone}", "+31{digits}", "0{digits}", "{email}", "iemand anders", "Maastricht",
    ]
)  # fmt: skip


def _plain(text: str) -> str:
    return fold(text)


@settings(max_examples=300, deadline=None)
@given(GIVEN, SURNAME, PHONE, FORMS, st.text(alphabet="abc .,\n", max_size=12), st.booleans())
def test_a_person_skipped_is_never_a_person_the_patterns_find(first, surname, phone, form, filler, linked):
    name, email = f"{first} {surname}", f"{first.lower()}@voorbeeld.nl"
    digits = re.sub(r"\D", "", phone).removeprefix("0031").removeprefix("31").lstrip("0")
    written = form.format(
        g=first, s=surname, G=first.upper(), S=surname.upper(), i=first[0], plain=_plain(name), phone=phone,
        digits=digits, email=email,
    )  # fmt: skip
    text = f"{filler}Gesproken met {written}{filler}."
    found = patterns_for(name=name, email=email, phone=phone).find(text, linked=linked)
    if found:
        assert may_mention(fold(text), re.sub(r"\D", "", text), name=name, email=email, phone=phone)


def test_a_text_without_any_word_of_the_name_is_skipped():
    text = "Gesproken over de buurt."
    assert not may_mention(
        fold(text), "", name="Anouk Dassen", email="anouk@voorbeeld.nl", phone="06-11223344"
    )
    assert may_mention(fold("Met A. DASSEN"), "", name="Anouk Dassen")
    assert may_mention(fold("Bel 06 11 22 33 44"), "0611223344", name="Anouk Dassen", phone="+31 6 11223344")
