"""The text an officer writes: whatever is typed, the letter shows it as text and only the offered variables."""

import re
from html import unescape

from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from letters.bodies import problems, render

VARIABLES = {"name": "<Stichting & Co>", "remedy": mark_safe("<h2>Bezwaar</h2><p>Binnen zes weken.</p>")}
typed = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}%#\r"), max_size=200
)


@given(typed)
def test_typed_text_is_escaped_never_markup(text):
    html = render(text, VARIABLES)

    assert "<" not in re.sub(r"</?(p|h2|br)>", "", html)
    for paragraph in [p.strip() for p in text.split("\n\n") if p.strip()]:
        first_line = paragraph.removeprefix("## ").split("\n")[0].strip()
        assert first_line in unescape(html.replace("<br>", "\n"))


@given(typed, typed)
def test_variables_are_filled_escaped_and_blocks_stand_alone(before, after):
    body = f"{before}\n\nBeste {{{{ name }}}},\n\n{{{{ remedy }}}}\n\n{after}"

    html = render(body, VARIABLES)

    assert "&lt;Stichting &amp; Co&gt;" in html and "<h2>Bezwaar</h2>" in html
    assert problems(body, variables=VARIABLES, required=("remedy",)) == []


def test_a_block_inside_a_sentence_and_a_missing_one_are_both_named():
    errors = problems("Zie {{ remedy }} hieronder.", variables=VARIABLES, required=("remedy", "name"))

    assert any("{{ remedy }}" in e and "alinea" in e for e in errors)
    assert any("{{ name }}" in e for e in errors)
