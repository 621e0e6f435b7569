"""The processing register (AVG art. 30) and the DPIA draft (art. 35), generated from the software itself."""

import io

import pikepdf
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from keypersons.register import processing_register
from tests.factories import PartnerFactory, TopicFactory
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def test_the_register_names_controller_dpo_bases_categories_recipients_retention_and_measures(
    director_client, settings
):
    settings.PRIVACY_DPO_CONTACT = "Functionaris gegevensbescherming, fg@gemeente.example"
    PartnerFactory(name="Jongerenwerk Trajekt")

    page = director_client.get(reverse("network:register")).content.decode()

    for expected in (
        "Het college van burgemeester en wethouders van de gemeente Maastricht",
        "fg@gemeente.example",
        "AVG art. 6 lid 1 sub e", "AVG art. 9 lid 2 sub a",
        "Jongerenwerk Trajekt",
        "Geloofsovertuiging", "Geloofsgemeenschappen",  # the special categories of the reference lists
        "TOTP", "Vijf jaar", "Versleutelde back-ups",
    ):  # fmt: skip
        assert expected in page, expected
    assert "–</dd>" not in page  # nobody is left out of "who can see it"


def test_the_dpo_contact_is_said_to_be_missing_when_it_is(director_client, settings):
    settings.PRIVACY_DPO_CONTACT = ""

    assert "PRIVACY_DPO_CONTACT" in director_client.get(reverse("network:register")).content.decode()


def test_every_table_says_who_can_see_it_and_signals_are_personal_data():
    entries = {entry.name: entry for entry in processing_register()}

    assert all(entry.roles for entry in entries.values()), [n for n, e in entries.items() if not e.roles]
    with translation.override("en"):
        entries = {entry.name: entry for entry in processing_register()}
    assert entries["Signals"].personal and entries["Networks"].personal
    assert entries["Access log"].roles == ["Polarisation director"]


def test_every_label_in_the_register_is_translated_to_dutch():
    from django.apps import apps

    untranslated = []
    for model in apps.get_app_config("keypersons").get_models():
        for field in model._meta.get_fields():
            if (field.concrete or field.many_to_many) and not field.auto_created:
                with translation.override("en"):
                    english = str(field.verbose_name)
                with translation.override("nl"):
                    dutch = str(field.verbose_name)
                if not isinstance(field.verbose_name, Promise) or (
                    dutch == english and english not in {"status"}
                ):
                    untranslated.append(f"{model.__name__}.{field.name}: {english}")
    assert untranslated == []


def test_the_dpia_draft_is_a_tagged_dutch_pdf_filled_from_the_models(director_client):
    TopicFactory(name="Complotdenken")
    PartnerFactory(name="Veiligheidshuis")

    response = director_client.get(reverse("network:dpia"))

    assert response["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.content)) as document:
        assert str(document.Root.Lang) == "nl"
        assert document.Root.MarkInfo.Marked and "/StructTreeRoot" in document.Root
        assert (
            str(document.docinfo["/Title"])
            == "Gegevensbeschermingseffectbeoordeling: het sleutelpersonennetwerk (concept)"
        )
    text = pdf_text(response.content)
    for expected in ("Deel A", "Deel B", "Autoriteit Persoonsgegevens", "nog in te vullen", "Veiligheidshuis",
                     "Geloofsovertuiging", "Toegangslog", "AVG art. 9 lid 2 sub a"):  # fmt: skip
        assert expected in text, expected


def test_network_staff_get_neither_register_nor_dpia(client, network_staff):
    client.force_login(network_staff)

    assert client.get(reverse("network:register")).status_code == 403
    assert client.get(reverse("network:dpia")).status_code == 403
