"""The dashboard's short descriptions: the same as Django's `Truncator(text).chars(40)`, which it skips for texts
that fit; and a hole's value escaped as Django's `escape` would."""

from django.utils.html import escape
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from keypersons.masked import fill, hole
from keypersons.queries.dashboard import SHORT, _short

# Combining marks and decomposed letters: where code points and characters differ.
TEXT = st.text(
    alphabet=st.sampled_from("ae e\u0301o\u0308\u0301\u0327\nX<>&\"'ß\u00e9"), max_size=2 * SHORT + 5
)


@given(st.one_of(TEXT, st.text(max_size=2 * SHORT + 5)))
def test_short_is_truncator(text):
    assert _short(text) == Truncator(text).chars(SHORT)


@given(st.text())
def test_a_hole_is_filled_escaped_as_django_escapes(text):
    assert fill(f"<p>{hole('p', 1)}</p>", {"p1": text}) == f"<p>{escape(text)}</p>"
