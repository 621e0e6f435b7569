"""Seen: an officer-edited set-aside letter cited title 4.2 of the Awb instead of article 4:5, because the legal-basis
block of an edited text was rendered without the letter's kind. Every block of an edited text is now rendered with
the letter's whole context, as the standard text is."""

import pytest
import time_machine

from letters import services as letters
from tenders import services
from tenders.letters import letter_of, starter_text
from tenders.models import Reclaim
from tenders.settlement_letters import starter_text as settlement_starter_text
from tests.pdf_text import pdf_text
from tests.tenders.test_letter_templates import GRANT_TEXT, grant
from tests.tenders.test_set_aside_and_refusals import expired_request
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _text(subject) -> str:
    return " ".join(pdf_text(letter_of(subject).file.read()).split())


def test_seen_an_edited_set_aside_letter_cites_article_4_5_not_title_4_2(officer):
    version = letters.save_template(kind="set_aside", body=starter_text("set_aside"), by=officer)
    application, later = expired_request(officer)

    with time_machine.travel(later, tick=False):
        decision = services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)

    assert letter_of(decision).template == version
    text = _text(decision)
    assert "artikel 4:5, eerste lid, van de Algemene wet bestuursrecht" in text
    assert "titel 4.2" not in text


def test_an_edited_grant_letter_still_cites_title_4_2_and_shows_its_amounts(officer):
    letters.save_template(kind="grant", body=GRANT_TEXT, by=officer)

    text = _text(grant(officer))

    assert "titel 4.2 van de Algemene wet bestuursrecht" in text and "4:5, eerste lid" not in text
    assert "Voorschot" in text


@pytest.mark.parametrize(("kind", "amount"), [("settlement", "€ 11.000"), ("reclaim", "€ 1.000")])
def test_edited_settlement_and_reclaim_letters_cite_title_4_2_with_their_amounts(officer, kind, amount):
    letters.save_template(kind=kind, body=settlement_starter_text(kind), by=officer)

    settlement = settle(advanced(officer), officer, "11000")

    subject = settlement if kind == "settlement" else Reclaim.objects.get()
    assert letter_of(subject).template.kind == kind
    text = _text(subject)
    assert "titel 4.2 van de Algemene wet bestuursrecht" in text and "4:5, eerste lid" not in text
    assert amount in text
