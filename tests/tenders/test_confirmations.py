"""Actions that cannot be undone ask first, on a page of their own that says what will happen: withdrawing an
application, removing a document, declaring eligible, paying an advance. The page is a GET that changes nothing,
works without JavaScript, puts focus on its heading and has a way back; its form posts the action."""

import os
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenders import services
from tenders.models import Application, Attachment, Payment, State
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    assessed_application,
    closed,
    submitted_application,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def confirmation_page(response) -> str:
    """The page's HTML, after checking it is a confirmation step: focus on the heading, a form, a way back."""
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<h1 class="utrecht-heading-1 mi-confirm__heading" id="confirm-heading" tabindex="-1" data-focus-on-load>',
        html,
    )
    assert re.search(r'<form class="utrecht-form mi-confirm__form" method="post" novalidate>', html)
    assert "Annuleren en teruggaan" in html
    return html


@pytest.fixture
def document(member, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    return Attachment.objects.create(
        application=application, kind="plan", original_name="begroting.pdf", content_type="application/pdf",
        size=10, uploaded_by=member, file=SimpleUploadedFile("begroting.pdf", PDF),
    )  # fmt: skip


# Withdrawing an application.


def test_withdrawing_first_shows_what_it_means_and_changes_nothing(client, member):
    client.force_login(member)
    application = submitted_application(organisation=member.memberships.get().organisation)

    html = confirmation_page(client.get(f"/portaal/aanvragen/{application.pk}/intrekken/"))

    assert f"“{application.title}” intrekken?" in html
    assert "kunt u dat niet ongedaan maken" in html
    assert f'href="/portaal/aanvragen/{application.pk}/"' in html
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_the_application_page_offers_a_link_to_the_withdrawal_step_not_a_button(client, member):
    client.force_login(member)
    application = submitted_application(organisation=member.memberships.get().organisation)

    html = client.get(f"/portaal/aanvragen/{application.pk}/").content.decode()

    assert f'<a class="utrecht-link" href="/portaal/aanvragen/{application.pk}/intrekken/">' in html
    assert f'action="/portaal/aanvragen/{application.pk}/intrekken/"' not in html


def test_confirming_withdraws_the_application_with_the_reason(client, member):
    client.force_login(member)
    application = submitted_application(organisation=member.memberships.get().organisation)

    response = client.post(
        f"/portaal/aanvragen/{application.pk}/intrekken/", {"reason": "Geen vrijwilligers."}
    )

    assert response.url == f"/portaal/aanvragen/{application.pk}/"
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert application.history.last().note == "Geen vrijwilligers."


def test_a_decided_application_cannot_be_withdrawn_and_its_page_says_so(client, member, officer):
    client.force_login(member)
    application = assessed_application(organisation=member.memberships.get().organisation, officer=officer)
    services.decide_round(round_=closed(application.round), by=officer)

    html = client.get(f"/portaal/aanvragen/{application.pk}/intrekken/").content.decode()
    response = client.post(f"/portaal/aanvragen/{application.pk}/intrekken/", {"reason": ""})

    assert "kan niet meer worden ingetrokken" in html and "<form" not in html.split('id="confirm-heading"')[1]
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == State.GRANTED


def test_another_organisations_application_cannot_be_withdrawn(client, member):
    client.force_login(member)
    other = submitted_application()

    assert client.get(f"/portaal/aanvragen/{other.pk}/intrekken/").status_code == 404
    assert client.post(f"/portaal/aanvragen/{other.pk}/intrekken/").status_code == 404
    assert Application.objects.get(pk=other.pk).state == State.SUBMITTED


# Removing a document.


def test_removing_a_document_first_names_it_and_says_it_is_gone_for_good(client, member, document):
    client.force_login(member)
    url = f"/portaal/aanvragen/{document.application_id}/bijlagen/{document.pk}/verwijderen/"

    html = confirmation_page(client.get(url))

    assert "begroting.pdf verwijderen?" in html and "voorgoed" in html
    assert Attachment.objects.filter(pk=document.pk).exists()


def test_the_documents_page_links_to_the_removal_step(client, member, document):
    client.force_login(member)

    html = client.get(f"/portaal/aanvragen/{document.application_id}/bijlagen/").content.decode()

    assert f'href="/portaal/aanvragen/{document.application_id}/bijlagen/{document.pk}/verwijderen/"' in html
    assert 'name="remove"' not in html


def test_confirming_removes_the_document_and_its_file(
    client, member, document, django_capture_on_commit_callbacks
):
    client.force_login(member)
    stored = document.file.path
    url = f"/portaal/aanvragen/{document.application_id}/bijlagen/{document.pk}/verwijderen/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.url == f"/portaal/aanvragen/{document.application_id}/bijlagen/"
    assert not Attachment.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(stored)


def test_a_document_of_a_submitted_application_cannot_be_removed(client, member, document):
    client.force_login(member)
    services.submit(application=document.application, by=member, declared_truthful=True)
    url = f"/portaal/aanvragen/{document.application_id}/bijlagen/{document.pk}/verwijderen/"

    html = client.get(url).content.decode()
    response = client.post(url)

    assert "kunnen niet meer worden verwijderd" in html
    assert 'id="error-summary"' in response.content.decode()
    assert Attachment.objects.filter(pk=document.pk).exists()


def test_another_organisations_document_cannot_be_removed(client, document):
    client.force_login(UserFactory())
    url = f"/portaal/aanvragen/{document.application_id}/bijlagen/{document.pk}/verwijderen/"

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Attachment.objects.filter(pk=document.pk).exists()


def test_a_document_can_only_be_removed_through_its_own_application(client, member, document):
    client.force_login(member)
    own_other = ApplicationFactory(organisation=member.memberships.get().organisation)

    response = client.post(f"/portaal/aanvragen/{own_other.pk}/bijlagen/{document.pk}/verwijderen/")

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=document.pk).exists()


# Declaring eligible.


def test_declaring_eligible_first_says_what_follows_and_changes_nothing(client, officer):
    client.force_login(officer)
    application = submitted_application()

    html = confirmation_page(client.get(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/"))

    assert f"{application.reference} ontvankelijk verklaren?" in html
    assert "dat kan niet ongedaan worden gemaakt" in html
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_the_officers_page_links_to_the_eligibility_step(client, officer):
    client.force_login(officer)
    application = submitted_application()

    html = client.get(f"/medewerkers/aanvragen/{application.pk}/").content.decode()

    assert f'href="/medewerkers/aanvragen/{application.pk}/ontvankelijk/">Ontvankelijk verklaren</a>' in html


def test_an_application_that_cannot_be_declared_eligible_gets_no_button(client, officer):
    client.force_login(officer)
    application = ApplicationFactory()

    html = client.get(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/").content.decode()

    assert "kan nu niet ontvankelijk worden verklaard" in html
    assert "Ja, verklaar ontvankelijk" not in html


def test_someone_who_is_not_an_officer_gets_no_eligibility_step(client, member):
    client.force_login(member)
    application = submitted_application(organisation=member.memberships.get().organisation)

    assert client.get(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/").status_code == 403
    assert client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/").status_code == 403
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


# Paying an advance.


@pytest.fixture
def granted(officer):
    application = assessed_application(requested_amount=Decimal("10000"), officer=officer)
    services.decide_round(round_=closed(application.round), by=officer)
    return Application.objects.get(pk=application.pk)


def test_paying_an_advance_first_shows_the_amount_and_whom_it_goes_to(client, officer, granted):
    client.force_login(officer)

    html = confirmation_page(client.get(f"/medewerkers/aanvragen/{granted.pk}/voorschot/"))

    assert "€\u00a08.000,00" in html and "80% van het verleende bedrag" in html
    assert granted.organisation.name in html
    assert "Ja, €\u00a08.000,00 in betaling geven" in html
    assert not Payment.objects.filter(application=granted).exists()


def test_confirming_pays_the_advance_once(client, officer, granted):
    client.force_login(officer)

    client.post(f"/medewerkers/aanvragen/{granted.pk}/voorschot/")
    again = client.post(f"/medewerkers/aanvragen/{granted.pk}/voorschot/")

    assert Payment.objects.get(application=granted).amount == Decimal("8000.00")
    assert 'id="error-summary"' in again.content.decode()


def test_an_advance_is_not_offered_before_a_grant(client, officer):
    client.force_login(officer)
    application = submitted_application()

    html = client.get(f"/medewerkers/aanvragen/{application.pk}/voorschot/").content.decode()
    response = client.post(f"/medewerkers/aanvragen/{application.pk}/voorschot/")

    assert "kan nu geen voorschot worden betaald" in html
    assert 'id="error-summary"' in response.content.decode()
    assert not Payment.objects.exists()
