"""Delivery status and resend for every letter about an application, not only decision letters: the settlement,
the reclaim and the letters of the objection procedure, on the application page and on the objection page."""

import pytest
from django.urls import reverse

from letters.models import Delivery, Letter
from tenders.letters import letter_of
from tenders.models import Reclaim
from tests.tenders.test_objection_procedure import granted, object_to
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def resend_url(letter):
    return reverse("staff:sent_letter_resend", args=[letter.pk])


def test_the_application_page_shows_the_settlement_and_reclaim_letters_with_their_status(
    officer_client, officer
):
    settlement = settle(advanced(officer), officer, "11000")
    reclaim_letter = letter_of(Reclaim.objects.get())

    page = officer_client.get(reverse("staff:application_detail", args=[settlement.application_id]))

    html = page.content.decode()
    assert letter_of(settlement).reference in html and reclaim_letter.reference in html
    assert resend_url(letter_of(settlement)) in html and resend_url(reclaim_letter) in html


def test_an_officer_resends_a_reclaim_letter_as_a_new_delivery(officer_client, officer):
    settlement = settle(advanced(officer), officer, "11000")
    letter = letter_of(Reclaim.objects.get())
    before = letter.deliveries.count()

    response = officer_client.post(resend_url(letter))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:application_detail", args=[settlement.application_id])
    assert letter.deliveries.count() == before + 1
    newest = letter.deliveries.order_by("-pk").first()
    assert newest.queued_by == officer and newest.status == Delivery.Status.QUEUED and newest.message_id


def test_the_objection_page_resends_the_acknowledgement_and_returns_there(officer_client, officer):
    objection = object_to(granted(officer), officer)
    letter = Letter.objects.get(kind="objection_acknowledgement")
    page_url = reverse("staff:objection", args=[objection.pk])
    assert resend_url(letter) in officer_client.get(page_url).content.decode()

    response = officer_client.post(resend_url(letter), {"next": page_url})

    assert response["Location"] == page_url and letter.deliveries.count() == 2


def test_the_application_page_lists_the_objection_letters_with_a_resend(officer_client, officer):
    decision = granted(officer)
    object_to(decision, officer)
    letter = Letter.objects.get(kind="objection_acknowledgement")

    page = officer_client.get(reverse("staff:application_detail", args=[decision.application_id]))

    assert resend_url(letter) in page.content.decode()


def test_a_resend_never_redirects_to_another_site(officer_client, officer):
    settlement = settle(advanced(officer), officer, "11000")

    response = officer_client.post(resend_url(letter_of(settlement)), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("staff:application_detail", args=[settlement.application_id])


def test_a_member_cannot_resend_a_letter(client, officer):
    settlement = settle(advanced(officer), officer, "11000")
    letter = letter_of(settlement)
    client.force_login(settlement.application.organisation.memberships.first().user)

    response = client.post(resend_url(letter))

    assert response.status_code in (403, 404) and letter.deliveries.count() == 1


def test_resending_needs_a_post_and_an_existing_letter(officer_client, officer):
    letter = letter_of(settle(advanced(officer), officer, "11000"))

    assert officer_client.get(resend_url(letter)).status_code == 405
    assert officer_client.post(reverse("staff:sent_letter_resend", args=[999999])).status_code == 404
    assert letter.deliveries.count() == 1
