"""Decision letters are documents: rendered once when the decision is taken, stored with their hash, tagged."""

import hashlib
import io
from decimal import Decimal

import pikepdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from letters.models import Letter
from tenders import services
from tenders.letters import letter_of
from tenders.models import Decision, Objection, Round
from tests.factories import MembershipFactory, RoundFactory, assessed_application, closed, heard
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # The letters' PDFs go to a folder of the test's own, not the checkout's private-media/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path


G = Decision.Outcome


def decide(application, officer, outcome=G.GRANTED, amount=None, **kwargs):
    if application.round.is_tender:
        closed(application.round)  # a tender round is decided after it closes
    return services.decide(
        application=application, outcome=outcome, amount=amount if amount is not None else application.requested_amount,
        reasons="Past goed binnen de regeling.", by=officer, **kwargs,
    )  # fmt: skip


def test_the_letter_is_stored_with_its_hash_when_the_decision_is_taken(officer):
    application = assessed_application(requested_amount=Decimal("10000"))

    decision = decide(application, officer)

    letter = letter_of(decision)
    stored = letter.file.read()
    assert letter.kind == "grant" and letter.organisation == application.organisation
    assert hashlib.sha256(stored).hexdigest() == letter.sha256 and letter.size == len(stored)
    assert application.reference in letter.reference


def test_the_downloaded_letter_stays_the_same_bytes_after_every_admin_change(client, officer):
    round_ = RoundFactory(advance_percentage=80)
    application = assessed_application(round=round_, requested_amount=Decimal("15000"))
    decision = decide(application, officer, amount=Decimal("8000"), outcome=G.PARTIALLY_GRANTED)
    member = application.organisation.memberships.get().user
    client.force_login(member)
    before = client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf").content
    assert "8.000,00" in pdf_text(before) and "80%" in pdf_text(before)

    # Everything the admin (or anyone) can still change after issue.
    Decision.objects.filter(pk=decision.pk).update(granted_amount=Decimal("15000"), reasons="Iets anders.",
                                                   outcome=G.GRANTED)  # fmt: skip
    Round.objects.filter(pk=round_.pk).update(title="Andere ronde")
    round_.refresh_from_db()
    services.amend_round(round_=round_, changes={"advance_percentage": 100, "ceiling": Decimal("700000")},
                         reason="Meer geld voor de ronde.", by=officer)  # fmt: skip
    programme = round_.programme
    programme.name, programme.regulation_name, programme.signatory_name = "Ander", "Andere regeling", "Iemand"
    programme.save()
    application.title = "Andere titel"  # the requested amount is read-only after submission (database guard)
    application.save()
    organisation = application.organisation
    organisation.name, organisation.street, organisation.city = "Andere naam", "Andere straat", "Heerlen"
    organisation.save()

    after = client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf")
    client.force_login(officer)
    staff = client.get(reverse("staff:decision_letter", args=[decision.pk]))
    assert after.content == before == staff.content
    assert "25.000" not in pdf_text(after.content) and "100%" not in pdf_text(after.content)


def test_a_letter_whose_stored_bytes_changed_is_refused_not_served(client, officer):
    application = assessed_application()
    decision = decide(application, officer)
    letter = letter_of(decision)
    with letter.file.storage.open(letter.file.name, "wb") as file:
        file.write(b"%PDF-1.7 forged")
    client.force_login(application.organisation.memberships.get().user)

    response = client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf")

    assert response.status_code == 409
    assert b"forged" not in response.content
    assert letter.reference.encode() in response.content


def test_a_decision_whose_letter_cannot_be_made_is_not_saved_at_all(officer, monkeypatch):
    application = assessed_application()

    def broken(*args, **kwargs):
        raise OSError("renderer away")

    monkeypatch.setattr("letters.services.html_to_pdf", broken)
    with pytest.raises(OSError):
        decide(application, officer)

    assert not Decision.objects.filter(application=application).exists()
    assert not Letter.objects.exists()


def _tagged(pdf: bytes) -> dict:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            "lang": str(document.Root.Lang),
            "marked": bool(document.Root.MarkInfo.Marked),
            "structure": "/StructTreeRoot" in document.Root,
            "title": str(document.docinfo.get("/Title", "")),
        }


def _letters_of_every_kind(officer):
    # First come, first served: decided application by application, so every kind can be made in one round.
    round_ = RoundFactory(ceiling=Decimal("100000"), allocation_method="first_come")
    grant = decide(assessed_application(round=round_, requested_amount=Decimal("10000")), officer)
    partial = decide(assessed_application(round=round_, requested_amount=Decimal("10000")), officer,
                     amount=Decimal("6000"), outcome=G.PARTIALLY_GRANTED)  # fmt: skip
    refusal = decide(assessed_application(round=round_), officer, outcome=G.REJECTED, amount=0)
    ceiling = decide(assessed_application(round=round_), officer, outcome=G.REJECTED, amount=0,
                     ceiling_reached=True)  # fmt: skip
    objection = services.register_objection(decision=partial, received_on=timezone.localdate(partial.decided_at),
                                             grounds="Te weinig.", by=officer)  # fmt: skip
    heard(objection, officer)
    on_objection = services.decide_objection(objection=objection, upheld=True, amount=Decimal("10000"),
                                             reasons="Alsnog volledig.", by=officer)  # fmt: skip
    return {d: letter_of(d) for d in (grant, partial, refusal, ceiling, on_objection)}


def test_every_letter_kind_is_a_tagged_pdf_with_title_and_dutch_language(officer):
    letters = _letters_of_every_kind(officer)

    assert sorted(letter.kind for letter in letters.values()) == sorted(
        ["grant", "partial_grant", "refusal", "refusal_ceiling", "objection_well_founded"]
    )
    for letter in letters.values():
        info = _tagged(letter.file.read())
        assert info["lang"] == "nl-NL", letter.kind
        assert info["marked"] and info["structure"], letter.kind
        assert info["title"] == letter.title and letter.title, letter.kind


def test_a_letter_holds_addressee_legal_basis_amounts_signatory_and_the_fitting_remedy(officer):
    round_ = RoundFactory(advance_percentage=80)
    programme = round_.programme
    programme.regulation_name = "Subsidieregeling diversiteit en tolerantie"
    programme.regulation_publication, programme.regulation_url = (
        "Gemeenteblad 2017, 123456",
        "https://lokaleregelgeving.overheid.nl/CVDR1",
    )
    programme.signatory_name, programme.signatory_function = "J. Peeters", "teamleider Sociaal Domein"
    programme.mandate_line = "namens het college van burgemeester en wethouders van Maastricht"
    programme.save()
    application = assessed_application(round=round_, requested_amount=Decimal("15000"))
    organisation = application.organisation
    organisation.street, organisation.house_number, organisation.postcode = "Markt", "1", "6211 CK"
    organisation.save()
    contact = MembershipFactory(organisation=organisation, role="contact", user__first_name="Anna",
                                user__last_name="Smeets")  # fmt: skip
    decision = decide(application, officer)

    text = pdf_text(letter_of(decision).file.read())

    for expected in (organisation.name, "Anna Smeets", "Markt 1", "6211 CK", application.reference,
                     "Algemene wet bestuursrecht", "Subsidieregeling diversiteit en tolerantie",
                     "Gemeenteblad 2017, 123456", "15.000,00", "80%", "12.000,00", "J. Peeters",
                     "teamleider Sociaal Domein", "namens het college", "bezwaar", "zes weken"):  # fmt: skip
        assert expected in text, expected
    assert contact.user.email
    assert "Rechtbank" not in text


def test_a_decision_on_objection_offers_appeal_to_the_court_never_objection_again(officer):
    letters = _letters_of_every_kind(officer)
    on_objection = next(letter for letter in letters.values() if letter.kind == "objection_well_founded")

    text = pdf_text(on_objection.file.read())

    assert "Rechtbank Limburg" in text and "beroep" in text
    assert "Bezwaar " not in text and "bezwaar maken bij het college" not in text
    assert Objection.objects.get().status == Objection.Status.UPHELD


def test_decisions_from_before_stored_letters_get_one_once_and_are_served_from_then_on(client, officer):
    application = assessed_application()
    decision = decide(application, officer)
    old = letter_of(decision)  # as before the upgrade: a decision without a stored letter
    old.deliveries.all().delete()
    old.delete()
    client.force_login(application.organisation.memberships.get().user)
    assert client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf").status_code == 404

    call_command("issue_missing_letters", stdout=io.StringIO())
    call_command("issue_missing_letters", stdout=io.StringIO())

    letter = Letter.objects.get()
    assert letter.deliveries.count() == 0
    assert client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf").content == letter.file.read()
