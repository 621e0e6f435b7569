"""A key person's rights, complete: access (AVG art. 15), rectification (16), restriction (18), objection (21).

Seen: the export missed mentions in other people's notes and signals, gave no purposes, recipients, retention or
right to complain, included third-party data unredacted (a brother's political opinion), printed UTC times and
English keys.
"""

import json
from datetime import timedelta

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import AccessLog, ContactMoment, KeyPerson, RightsRequest
from tests.factories import PartnerFactory, SignalFactory, consented
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(director, settings, tmp_path, unscreened):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    person = consented(name="Sara Jansen", email="sara@example.org", phone="06-12121212")
    brother = consented(name="Tim Jansen")
    neighbour = consented(name="Noor Peeters", phone="06-34343434")
    services.log_contact(
        by=director, occurred_on=timezone.localdate(), key_persons=[person], channel="phone",
        notes="Sara organiseert een buurtfeest. Haar broer ging naar een PVV-demonstratie. "
              "Ze werkt samen met Noor Peeters (06-34343434).",
    )  # fmt: skip
    services.log_contact(
        by=director, occurred_on=timezone.localdate(), key_persons=[neighbour], channel="in_person",
        notes="Noor vertelde over de school. Sara Jansen helpt bij het huiswerkcafé.",
    )  # fmt: skip
    SignalFactory(description="Onrust bij de speeltuin; mevrouw Jansen heeft het gemeld.")
    PartnerFactory(name="Politie")
    return {"person": person, "brother": brother, "neighbour": neighbour}


def _export(client, person) -> dict:
    return json.loads(client.get(reverse("network:person_export", args=[person.pk, "json"])).content)


def test_the_copy_holds_the_mentions_elsewhere_and_what_the_municipality_does_with_the_data(
    director_client, sara
):
    director_client.get(reverse("network:person_detail", args=[sara["person"].pk]))

    data = _export(director_client, sara["person"])

    texts = [m["tekst"] for m in data["vermeldingen elders"]]
    assert "Sara Jansen helpt bij het huiswerkcafé." in texts
    assert any("mevrouw Jansen heeft het gemeld" in t for t in texts)
    assert not any("Noor vertelde over de school" in t for t in texts)  # not about her: left out
    for section in ("doeleinden", "rechtsgronden", "ontvangers", "bewaartermijnen", "uw rechten", "bron"):
        assert data[section], section
    assert any(r["ontvanger"] == "Politie" for r in data["ontvangers"])
    rights = " ".join(r["hoe"] for r in data["uw rechten"])
    assert "Autoriteit Persoonsgegevens" in rights
    assert data["verwerkingsverantwoordelijke"].startswith("Het college van burgemeester en wethouders")


def test_the_copy_leaves_other_people_out(director_client, sara):
    data = _export(director_client, sara["person"])

    notes = data["contactmomenten"][0]["notities"]
    assert notes.startswith("Sara organiseert een buurtfeest.")
    assert "PVV" not in json.dumps(data) and "broer" not in notes
    assert "weggelaten" in notes
    assert "Noor Peeters" not in json.dumps(data) and "06-34343434" not in json.dumps(data)


def test_the_copy_says_who_saw_the_record_in_local_time_with_dutch_labels(director_client, director, sara):
    director_client.get(reverse("network:person_list"))  # a list that shows her name

    data = _export(director_client, sara["person"])

    seen = data["wie uw gegevens zag"]
    assert {row["pagina"] for row in seen} >= {reverse("network:person_list")}
    assert {row["wie"] for row in seen} == {director.get_full_name() or director.get_username()}
    made_at = data["gemaakt op"]
    assert made_at.endswith(
        timezone.localtime().strftime("%z")[:3] + ":" + timezone.localtime().strftime("%z")[3:]
    )
    assert "your details" not in data and "uw gegevens" in data


def test_the_pdf_copy_is_a_tagged_dutch_pdf(director_client, sara):
    pdf = director_client.get(reverse("network:person_export", args=[sara["person"].pk, "pdf"])).content

    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "nl"
        assert document.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in document.Root
        assert "Kopie van de persoonsgegevens" in str(document.docinfo["/Title"])
    text = pdf_text(pdf)
    assert "Sara Jansen" in text and "Autoriteit Persoonsgegevens" in text and "PVV" not in text


def test_an_access_request_is_recorded_and_its_copy_stored_as_issued(director_client, sara):
    person = sara["person"]

    response = director_client.post(
        reverse("network:person_access_copy", args=[person.pk]), {"access-received_on": timezone.localdate()}
    )

    request = RightsRequest.objects.get(key_person=person, right="access")
    assert response.status_code == 302 and request.outcome == "granted"
    stored = director_client.get(reverse("network:rights_copy", args=[request.pk, "json"]))
    first = b"".join(stored.streaming_content)
    person.phone = "06-00000000"
    person.save()
    again = b"".join(
        director_client.get(reverse("network:rights_copy", args=[request.pk, "json"])).streaming_content
    )
    assert first == again and b"06-12121212" in first  # served as issued, not made again


def test_a_request_received_in_the_future_is_refused_with_what_was_typed_kept(director_client, sara):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()

    response = director_client.post(
        reverse("network:person_rectify", args=[sara["person"].pk]),
        {"rectification-received_on": future, "rectification-field": "phone", "rectification-value": "06-1"},
    )

    assert response.status_code == 400
    assert f'value="{future}"' in response.content.decode() and "06-1" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_rectification_keeps_what_was_and_what_became(director_client, sara):
    person = sara["person"]

    director_client.post(
        reverse("network:person_rectify", args=[person.pk]),
        {"rectification-received_on": timezone.localdate(), "rectification-field": "phone",
         "rectification-value": "06-77777777", "rectification-note": "Per e-mail gevraagd"},
    )  # fmt: skip

    person.refresh_from_db()
    change = RightsRequest.objects.get(right="rectification").rectifications.get()
    assert person.phone == "06-77777777"
    assert (change.field, change.before, change.after) == ("phone", "06-12121212", "06-77777777")
    page = director_client.get(reverse("network:person_rights", args=[person.pk])).content.decode()
    assert "06-12121212" in page and "06-77777777" in page


def test_a_restricted_person_is_kept_but_offered_and_listed_to_nobody_but_the_director(client, director, network_staff, sara):  # fmt: skip
    person = sara["person"]
    services.restrict(
        person=person, by=director, received_on=timezone.localdate(), grounds="Juistheid betwist"
    )

    client.force_login(network_staff)
    assert "Sara Jansen" not in client.get(reverse("network:contact_create")).content.decode()
    assert "Sara Jansen" not in client.get(reverse("network:person_list")).content.decode()
    assert client.get(reverse("network:person_detail", args=[person.pk])).status_code == 404
    forged = client.post(reverse("network:contact_create"), {
        "contact-occurred_on": timezone.localdate().isoformat(), "contact-key_persons": [person.pk],
        "contact-channel": "phone", "reading-TOTAL_FORMS": "0", "reading-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert forged.status_code == 200 and ContactMoment.objects.filter(key_persons=person).count() == 1
    with pytest.raises(ValidationError, match="beperkt"):
        services.log_contact(
            by=director, occurred_on=timezone.localdate(), key_persons=[person], channel="phone"
        )

    client.force_login(director)
    assert "Sara Jansen" in client.get(reverse("network:person_list")).content.decode()
    assert client.get(reverse("network:person_detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("network:person_export", args=[person.pk, "json"])).status_code == 200


def test_lifting_a_restriction_needs_a_reason_and_is_recorded(director_client, director, sara):
    person = sara["person"]
    services.restrict(person=person, by=director, received_on=timezone.localdate(), grounds="Bezwaar loopt")

    refused = director_client.post(
        reverse("network:person_lift_restriction", args=[person.pk]), {"lift-grounds": ""}
    )
    director_client.post(
        reverse("network:person_lift_restriction", args=[person.pk]),
        {"lift-grounds": "Besloten; gemeld op 3-12"},
    )

    person.refresh_from_db()
    assert refused.status_code == 400 and person.restricted_at is None
    assert list(RightsRequest.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "granted",
        "lifted",
    ]


def test_an_objection_with_compelling_grounds_is_recorded_with_them(director_client, sara):
    person = sara["person"]
    url = reverse("network:person_objection", args=[person.pk])
    data = {"objection-received_on": timezone.localdate(), "objection-decision": "continue"}

    without = director_client.post(url, {**data, "objection-grounds": ""})
    with_grounds = director_client.post(url, {**data, "objection-grounds": "Acute dreiging in de wijk"})

    assert without.status_code == 400
    assert with_grounds.status_code == 302
    objection = RightsRequest.objects.get(right="objection")
    assert (objection.outcome, objection.grounds) == ("refused", "Acute dreiging in de wijk")
    person.refresh_from_db()
    assert person.restricted_at is None


def test_an_objection_without_compelling_grounds_stops_the_processing_and_leads_to_the_erasure(
    director_client, sara
):
    person = sara["person"]

    response = director_client.post(
        reverse("network:person_objection", args=[person.pk]),
        {"objection-received_on": timezone.localdate(), "objection-decision": "stop"},
    )

    person.refresh_from_db()
    assert response["Location"] == reverse("network:person_erase", args=[person.pk])
    assert person.restricted_at is not None and RightsRequest.objects.get().outcome == "granted"
    director_client.post(response["Location"], {"confirm": "on"})
    assert KeyPerson.objects.get(pk=person.pk).erased_at is not None
    assert AccessLog.objects.filter(what="erase", object_id=person.pk).exists()


def test_network_staff_cannot_use_the_rights_pages(client, network_staff, sara):
    client.force_login(network_staff)
    person = sara["person"]

    assert client.get(reverse("network:person_rights", args=[person.pk])).status_code == 403
    response = client.post(
        reverse("network:person_restrict", args=[person.pk]),
        {"restriction-received_on": timezone.localdate(), "restriction-grounds": "x"},
    )
    person.refresh_from_db()
    assert response.status_code == 403 and person.restricted_at is None
