"""An organisation whose contacts chose English gets an English courtesy translation beside the binding Dutch
letter: stored once with its own hash, tagged (PDF/UA) in English, mailed with it, listed in the portal — and
only for that organisation, and never instead of the Dutch letter."""

import email
import hashlib
import io
from decimal import Decimal

import pikepdf
import pytest
from django.template.loader import get_template
from django.urls import reverse

from letters import registry
from tenders import services
from tenders.letters import letter_of
from tenders.models import Decision
from tests.factories import MembershipFactory, RoundFactory, assessed_application
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
G = Decision.Outcome


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _application(language: str):
    round_ = RoundFactory(ceiling=Decimal("100000"), allocation_method="first_come", advance_percentage=80)
    application = assessed_application(round=round_, requested_amount=Decimal("15000"))
    MembershipFactory(
        organisation=application.organisation, role="contact", user__language=language,
        user__email=f"contact-{language}@voorbeeld.nl",
    )  # fmt: skip
    return application


def _grant(application, officer, amount=Decimal("15000"), outcome=G.GRANTED):
    return services.decide(
        application=application, outcome=outcome, amount=amount, reasons="Past goed binnen de regeling.",
        by=officer,
    )  # fmt: skip


def _info(pdf: bytes) -> dict:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            "lang": str(document.Root.Lang),
            "structure": "/StructTreeRoot" in document.Root and bool(document.Root.MarkInfo.Marked),
            "title": str(document.docinfo.get("/Title", "")),
        }


def test_every_letter_kind_has_an_english_courtesy_template():
    missing = [kind.name for kind in registry.KINDS.values() if not _exists(kind.translation_template)]
    assert missing == []


def _exists(template: str) -> bool:
    try:
        get_template(template)
    except Exception:
        return False
    return True


def test_english_contacts_get_a_tagged_english_translation_beside_the_binding_dutch_letter(officer):
    decision = _grant(_application("en"), officer, amount=Decimal("8000"), outcome=G.PARTIALLY_GRANTED)

    letter = letter_of(decision)
    dutch, english = letter.file.read(), letter.translation.read()
    assert hashlib.sha256(english).hexdigest() == letter.translation_sha256 and english != dutch
    assert _info(dutch)["lang"] == "nl-NL"
    info = _info(english)
    assert info["lang"] == "en-GB" and info["structure"]
    assert info["title"].startswith("Partial grant") and "courtesy translation" in info["title"]
    text = pdf_text(english)
    assert "Courtesy translation" in text and "The Dutch letter is the decision and is binding" in text
    assert "page 2 of 2" in text or "page 1 of 1" in text
    assert "€ 8,000.00" in text and "Objection" in text and "80%" in text


def test_dutch_contacts_get_only_the_dutch_letter(officer):
    letter = letter_of(_grant(_application("nl"), officer))

    assert not letter.translation and letter.translation_sha256 == ""


def test_the_translation_is_mailed_with_the_dutch_letter_over_smtp(
    officer, smtp, django_capture_on_commit_callbacks
):
    application = _application("en")
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_of(_grant(application, officer))

    [envelope] = smtp.envelopes
    message = email.message_from_bytes(envelope.content)
    attachments = {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    }
    letter.refresh_from_db()
    assert attachments == {
        letter.filename: letter.file.read(),
        letter.translation_filename: letter.translation.read(),
    }
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert "English courtesy translation is attached" in body.decode()


def test_the_portal_offers_the_translation_to_the_organisations_members_only(client, officer):
    application = _application("en")
    letter = letter_of(_grant(application, officer))
    member = application.organisation.memberships.filter(role="contact").get().user
    stranger = assessed_application().organisation.memberships.get().user

    client.force_login(member)
    page = client.get(reverse("portal:letters")).content.decode()
    url = reverse("portal:letter_translation", args=[letter.pk])
    assert url in page
    download = client.get(url)
    assert download.status_code == 200 and download.content == letter.translation.read()
    assert letter.translation_filename in download["Content-Disposition"]

    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_letter_without_translation_has_no_translation_download(client, officer):
    application = _application("nl")
    letter = letter_of(_grant(application, officer))
    client.force_login(application.organisation.memberships.filter(role="contact").get().user)

    assert client.get(reverse("portal:letter_translation", args=[letter.pk])).status_code == 404


def test_a_damaged_translation_is_refused_not_served(client, officer):
    application = _application("en")
    letter = letter_of(_grant(application, officer))
    with letter.translation.storage.open(letter.translation.name, "wb") as file:
        file.write(b"%PDF-1.7 forged")
    client.force_login(application.organisation.memberships.filter(role="contact").get().user)

    response = client.get(reverse("portal:letter_translation", args=[letter.pk]))
    assert response.status_code == 409
