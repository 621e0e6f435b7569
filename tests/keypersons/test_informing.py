"""AVG art. 14: a prospect is informed with a versioned, printable information text; the record says when, how,
by whom and with which version."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import InformationText, KeyPerson
from tests.factories import KeyPersonFactory
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def test_a_first_version_of_the_information_text_exists():
    first = InformationText.objects.get(version=1)
    assert "Autoriteit Persoonsgegevens" in first.body


def test_changing_the_text_makes_a_new_version_and_keeps_the_old_one(director_client, director):
    old = InformationText.objects.get(version=1).body

    response = director_client.post(
        reverse("network:information_text_edit"), {"body": old + "\n\nNieuwe alinea."}
    )

    assert response.status_code == 302
    assert InformationText.objects.get(version=1).body == old
    assert InformationText.objects.get(version=2).body.endswith("Nieuwe alinea.")
    assert InformationText.objects.get(version=2).created_by == director


def test_saving_the_same_text_makes_no_new_version(director):
    same = InformationText.objects.get(version=1).body
    assert services.save_information_text(by=director, body=same + "\n").version == 1
    assert InformationText.objects.count() == 1


def test_an_empty_text_is_refused_and_shown_again_with_a_message(director_client):
    response = director_client.post(reverse("network:information_text_edit"), {"body": "   "})

    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    assert InformationText.objects.count() == 1


def test_network_staff_read_the_text_but_cannot_change_it(client, network_staff):
    client.force_login(network_staff)

    page = client.get(reverse("network:information_text")).content.decode()
    forged = client.post(reverse("network:information_text_edit"), {"body": "Iets anders."})

    assert "Autoriteit Persoonsgegevens" in page and 'name="body"' not in page
    assert forged.status_code == 403 and InformationText.objects.count() == 1


def test_every_version_prints_as_a_pdf(director_client, director):
    services.save_information_text(by=director, body="Tweede versie van de tekst.")

    first = director_client.get(reverse("network:information_text_pdf", args=[1]))
    second = director_client.get(reverse("network:information_text_pdf", args=[2]))

    assert first["Content-Type"] == "application/pdf"
    assert "Autoriteit Persoonsgegevens" in pdf_text(first.content)
    assert "Tweede versie" in pdf_text(second.content)
    assert director_client.get(reverse("network:information_text_pdf", args=[9])).status_code == 404


def test_the_director_records_when_how_and_with_which_text_a_prospect_was_informed(director_client, director):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)
    text = InformationText.objects.get(version=1)
    day = timezone.localdate() - timedelta(days=2)

    director_client.post(reverse("network:person_informed", args=[prospect.pk]), {
        "informed-informed_on": day.isoformat(), "informed-how": "letter", "informed-text": text.pk,
    })  # fmt: skip

    prospect.refresh_from_db()
    assert (prospect.informed_on, prospect.informed_how, prospect.informed_by, prospect.information_text) == (
        day, "letter", director, text,
    )  # fmt: skip
    page = director_client.get(prospect.get_absolute_url()).content.decode()
    assert "Geïnformeerd op" in page and reverse("network:information_text_pdf", args=[1]) in page


def test_informing_in_the_future_or_without_a_way_is_refused(director):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)
    text = InformationText.objects.get(version=1)
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError):
        services.record_informed(person=prospect, by=director, informed_on=tomorrow, how="letter", text=text)
    with pytest.raises(ValidationError):
        services.record_informed(
            person=prospect, by=director, informed_on=timezone.localdate(), how="pigeon", text=text
        )

    prospect.refresh_from_db()
    assert prospect.informed_on is None


def test_network_staff_cannot_record_informing(client, network_staff):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)
    client.force_login(network_staff)

    response = client.post(reverse("network:person_informed", args=[prospect.pk]), {
        "informed-informed_on": timezone.localdate().isoformat(), "informed-how": "letter",
        "informed-text": InformationText.objects.get().pk,
    })  # fmt: skip

    prospect.refresh_from_db()
    assert response.status_code == 403 and prospect.informed_on is None


def test_a_prospect_holds_no_profile(director):
    with pytest.raises(ValidationError):
        services.save_key_person(
            by=director, data={"name": "Nieuw Iemand", "status": "prospect", "position": "Imam van de moskee"}
        )
    assert not KeyPerson.objects.exists()
