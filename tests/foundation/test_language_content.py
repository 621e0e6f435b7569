"""Words a person reads: a select asks to choose instead of showing dashes, quarters read the language's way."""

import pytest
from django import forms

from initiatives.models import Neighbourhood


class _Form(forms.Form):
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.all(), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


@pytest.mark.django_db
def test_an_empty_choice_says_choose_not_dashes():
    html = str(_Form())
    assert "---------" not in html
    assert html.count(">Kies …</option>") == 2


@pytest.mark.django_db
def test_the_new_key_person_form_has_no_dashes(director_client):
    page = director_client.get("/netwerk/sleutelpersonen/nieuw/").content.decode()
    assert "---------" not in page and "Kies …" in page


@pytest.mark.django_db
def test_the_dashboard_speaks_natural_dutch_about_losing_touch(director_client):
    page = director_client.get("/netwerk/").content.decode()
    assert "Contact raakt kwijt" not in page
