"""Seen: two resend URLs, one for decision letters only beside the generic one. Now one URL, keyed by the letter,
resends every letter about an application — a decision, a settlement, an objection acknowledgement — for an
officer, and for nobody else."""

import pytest
from django.urls import reverse

from letters.models import Delivery, Letter
from tenders.letters import letter_of
from tests.factories import UserFactory
from tests.tenders.test_objection_procedure import granted, object_to
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def resend_url(letter: Letter) -> str:
    return reverse("staff:sent_letter_resend", args=[letter.pk])


def _decision_letter(officer) -> Letter:
    return letter_of(granted(officer))


def _settlement_letter(officer) -> Letter:
    return letter_of(settle(advanced(officer), officer, "15000"))


def _acknowledgement(officer) -> Letter:
    object_to(granted(officer), officer)
    return Letter.objects.get(kind="objection_acknowledgement")


LETTERS = {
    "decision": _decision_letter,
    "settlement": _settlement_letter,
    "acknowledgement": _acknowledgement,
}


def test_the_decision_only_resend_path_is_gone(officer_client, officer):
    decision = granted(officer)
    old_path = reverse("staff:decision_letter", args=[decision.pk]).replace(
        "brief.pdf", "brief/opnieuw-versturen/"
    )

    response = officer_client.post(old_path)

    assert response.status_code == 404
    assert letter_of(decision).deliveries.count() == 1


def test_the_application_page_resends_a_decision_letter_through_the_one_url(officer_client, officer):
    decision = granted(officer)

    html = officer_client.get(
        reverse("staff:application_detail", args=[decision.application_id])
    ).content.decode()

    assert resend_url(letter_of(decision)) in html and "brief/opnieuw-versturen" not in html


@pytest.mark.parametrize("kind", LETTERS)
def test_an_officer_resends_every_kind_of_letter_through_the_one_url(officer_client, officer, kind):
    letter = LETTERS[kind](officer)
    before = letter.deliveries.count()

    response = officer_client.post(resend_url(letter))

    assert response.status_code == 302
    assert letter.deliveries.count() == before + 1
    newest = letter.deliveries.order_by("-pk").first()
    assert newest.queued_by == officer and newest.status == Delivery.Status.QUEUED


@pytest.mark.parametrize("kind", LETTERS)
@pytest.mark.parametrize("who", ["applicant", "assessor"])
def test_an_applicant_or_an_assessor_cannot_resend_a_letter(client, officer, kind, who):
    letter = LETTERS[kind](officer)
    before = letter.deliveries.count()
    if who == "applicant":
        user = letter.organisation.memberships.first().user
    else:
        user = UserFactory(roles=["beoordelaar"])
    client.force_login(user)

    response = client.post(resend_url(letter))

    assert response.status_code in (403, 404)
    assert letter.deliveries.count() == before
