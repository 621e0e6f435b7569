"""Dutch that reads naturally (issue 21): no literal translations, sentence-case labels."""

import pytest
from django.utils import translation

from initiatives.forms import RegistrationForm

pytestmark = pytest.mark.django_db


def test_the_dashboard_says_contact_threatens_to_fade(director_client):
    page = director_client.get("/netwerk/").content.decode()

    assert "Contact dreigt te verwateren" in page
    assert "kwijtraakt" not in page and "raakt kwijt" not in page


def test_the_website_label_is_in_sentence_case():
    with translation.override("nl"):
        assert RegistrationForm().fields["website"].label == "Website"
    with translation.override("en"):
        assert RegistrationForm().fields["website"].label == "Website"


def test_the_suggestions_use_natural_dutch(director_client):
    page = director_client.get("/netwerk/suggesties/").content.decode()

    assert "Domeinen met weinig sleutelpersonen" in page and "Brengen vaak anderen in contact" in page
    assert "Dunne domeinen" not in page and "introducé-gever" not in page
