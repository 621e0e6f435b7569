"""The lexicon of special-category terms (keypersons/data/special_terms.toml): what it must and must not find."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keypersons.models import SpecialCategory
from keypersons.screening import find_terms, lexicon, marked

FOUND = [
    ("soennitisch moslima, heeft diabetes", {"belief", "health"}),
    ("Ze is zwanger van haar tweede.", {"health"}),
    ("Haar broer ging naar een PVV-demonstratie.", {"politics"}),
    ("Gaat vrijdags naar de moskee en draagt een hoofddoek.", {"belief"}),
    ("Goes to the mosque, wears a headscarf.", {"belief"}),
    ("Is pregnant and has depression.", {"health"}),
    ("Een Marokkaanse jongen uit de buurt.", {"ethnicity"}),
    ("Hij is homo en komt uit de kast.", {"sexual_orientation"}),
    ("Lid van de SP en stemt op DENK.", {"politics"}),
    ("Atheïst.", {"belief"}),
    ("Atheist.", {"belief"}),
    ("Bestuurslid van de moskeeën in Noordoost.", {"belief"}),
    ("Transgender vrouw, non-binair vriendje.", {"sexual_orientation"}),
]
NOT_FOUND = [
    "Gesprek over de sfeer in de wijk.",
    "Ik denk dat het rustig blijft.",
    "Trainer van de futsalteams in Noordwest.",
    "Een homogene groep in Kerkrade.",
    "Coördinator van het buurtnetwerk; kent de bewonersgroepen in Malberg.",
    "Onrust over de sloop- en nieuwbouwplannen in de wijk.",
    "Een geloofwaardig verhaal van de buurtbrigadier.",
    "Programmeur bij een cultureel podium.",
]


def test_every_category_of_the_lexicon_is_a_special_category_with_terms():
    assert set(lexicon()) == set(SpecialCategory.values)
    assert all(len(terms) >= 30 for _label, terms, _pattern in lexicon().values())


@pytest.mark.parametrize(("text", "categories"), FOUND)
def test_the_lexicon_finds_special_categories_in_dutch_and_english(text, categories):
    assert {hit.category for hit in find_terms(text)} == categories


@pytest.mark.parametrize("text", NOT_FOUND)
def test_the_lexicon_leaves_ordinary_words_alone(text):
    assert find_terms(text) == []


def test_a_category_the_consent_names_is_allowed():
    assert {hit.category for hit in find_terms("moslima, heeft diabetes", allowed={"belief"})} == {"health"}


def test_the_hit_is_marked_in_its_sentence_and_the_rest_is_escaped():
    text = "Rustig gesprek. Ze is <b>zwanger</b>. Verder niets."

    html = marked(text, find_terms(text))

    assert html == "Ze is &lt;b&gt;<mark>zwanger</mark>&lt;/b&gt;."


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_screening_any_text_never_fails_and_marks_only_what_is_there(text):
    hits = find_terms(text)

    assert all(0 <= hit.start < hit.end <= len(text) for hit in hits)
    assert str(marked(text, hits)).count("<mark>") <= len(hits)
