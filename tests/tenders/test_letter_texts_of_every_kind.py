"""Every kind of letter has a text a policy officer can edit: settlement, reclaim and the letters of the objection
procedure too, with their variables, mandatory parts, preview on a real subject and use from the next letter on."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from letters import services as letters
from letters.models import Letter, LetterTemplate
from tenders.letter_previews import EDITABLE_KINDS, starter_text
from tenders.letters import letter_of
from tenders.models import Reclaim
from tenders.services import objection_procedure as procedure
from tests.pdf_text import pdf_text
from tests.tenders.test_objection_procedure import granted, object_to
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db

SETTLEMENT_TEXT = """## Besluit

Wij stellen de subsidie voor {{ application_title }} vast op {{ settled_amount }}; eigen tekst van de afdeling.

## Motivering

{{ reasons }}

{{ amounts }}

{{ legal_basis }}

{{ remedy }}"""

HEARING_TEXT = """Wij horen u graag over {{ against }}: eigen uitnodiging.

Op {{ hearing_at }} in {{ hearing_place }}."""


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def plan(objection, officer):
    return procedure.plan_hearing(
        objection=objection, starts_at=timezone.now() + timedelta(days=10), place="Stadhuis, Markt 78",
        invited="Bezwaarmaker", by=officer,
    )  # fmt: skip


def test_every_kind_is_offered_on_the_letter_text_page_with_its_starter_text(officer_client):
    page = officer_client.get("/medewerkers/brieven/")

    offered = {kind.name for kind, _current in page.context["kinds"]}
    assert {"settlement", "reclaim", "objection_acknowledgement", "hearing_invitation", "objection_term_extended",
            "set_aside", "objection_unfounded", "objection_inadmissible"} <= offered  # fmt: skip
    for kind in EDITABLE_KINDS:
        response = officer_client.get(f"/medewerkers/brieven/{kind}/")
        assert response.status_code == 200
        # The starter text is itself a text the check accepts.
        letters.save_template(kind=kind, body=starter_text(kind), by=response.wsgi_request.user)
    assert LetterTemplate.objects.count() == len(EDITABLE_KINDS)


def test_a_saved_settlement_text_is_used_in_the_next_settlement_letter(officer):
    version = letters.save_template(kind="settlement", body=SETTLEMENT_TEXT, by=officer)

    settlement = settle(advanced(officer), officer, "11000")

    letter = letter_of(settlement)
    text = pdf_text(letter.file.read())
    assert letter.template == version
    assert "eigen tekst van de afdeling" in text and "11.000,00" in text
    assert "Minder activiteiten" in text and "bezwaar" in text  # the reasons and the remedy clause
    # The reclaim has no text of its own yet: the standard one.
    assert letter_of(Reclaim.objects.get()).template is None


def test_a_saved_hearing_invitation_text_is_used_in_the_next_invitation(officer):
    letters.save_template(kind="hearing_invitation", body=HEARING_TEXT, by=officer)

    hearing = plan(object_to(granted(officer), officer), officer)

    text = pdf_text(letter_of(hearing).file.read())
    assert "eigen uitnodiging" in text and "Stadhuis, Markt 78" in text and "ons besluit van" in text


@pytest.mark.parametrize(
    "kind, body",
    [
        ("settlement", SETTLEMENT_TEXT.replace("{{ amounts }}", "")),
        ("reclaim", "Wij vorderen {{ reclaim_amount }} terug.\n\n{{ reasons }}\n\n{{ legal_basis }}"),
        ("hearing_invitation", "Kom langs op {{ hearing_at }}."),
        ("objection_acknowledgement", "Ontvangen op {{ received_on }}."),
        ("objection_term_extended", "Wij beslissen uiterlijk {{ decision_due_on }}."),
    ],
)
def test_a_text_missing_a_mandatory_part_is_refused(officer_client, kind, body):
    response = officer_client.post(f"/medewerkers/brieven/{kind}/", {"body": body})

    assert response.status_code == 200 and response.context["form"].errors["body"]
    assert response.context["form"]["body"].value() == body
    assert not LetterTemplate.objects.exists()


def test_the_preview_of_a_settlement_text_uses_a_real_settlement_and_stores_nothing(officer_client, officer):
    settle(advanced(officer), officer, "11000")
    letter = Letter.objects.get(kind="settlement")
    count = Letter.objects.count()

    response = officer_client.post(
        "/medewerkers/brieven/settlement/voorbeeld/", {"body": SETTLEMENT_TEXT, "letter": letter.pk}
    )

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "eigen tekst van de afdeling" in text and "11.000,00" in text and letter.reference in text
    assert Letter.objects.count() == count and not LetterTemplate.objects.exists()


def test_the_preview_of_an_invitation_uses_a_real_hearing(officer_client, officer):
    plan(object_to(granted(officer), officer), officer)
    letter = Letter.objects.get(kind="hearing_invitation")

    response = officer_client.post(
        "/medewerkers/brieven/hearing_invitation/voorbeeld/", {"body": HEARING_TEXT, "letter": letter.pk}
    )

    assert "Stadhuis, Markt 78" in pdf_text(response.content)


def test_a_preview_needs_an_issued_letter_of_the_same_kind(officer_client, officer):
    settle(advanced(officer), officer, "11000")
    reclaim_letter = Letter.objects.get(kind="reclaim")

    without = officer_client.post("/medewerkers/brieven/settlement/voorbeeld/", {"body": SETTLEMENT_TEXT})
    other_kind = officer_client.post(
        "/medewerkers/brieven/settlement/voorbeeld/", {"body": SETTLEMENT_TEXT, "letter": reclaim_letter.pk}
    )

    assert without.status_code == 200 and without.context["form"].errors["letter"]
    assert other_kind.status_code == 200 and other_kind.context["form"].errors["letter"]


def test_a_member_cannot_edit_the_settlement_text(client, member):
    client.force_login(member)

    response = client.post("/medewerkers/brieven/settlement/", {"body": SETTLEMENT_TEXT})

    assert response.status_code in (403, 404) and not LetterTemplate.objects.exists()


def test_an_unknown_kind_is_not_found(officer_client):
    assert officer_client.get("/medewerkers/brieven/nope/").status_code == 404


def test_saving_a_reclaim_text_without_the_remedy_is_refused(officer):
    with pytest.raises(ValidationError):
        letters.save_template(kind="reclaim", body=SETTLEMENT_TEXT.replace("{{ remedy }}", ""), by=officer)
