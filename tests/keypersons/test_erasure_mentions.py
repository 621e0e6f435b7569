"""Erasure erases: every way a person was written down, in every table, gone from a full dump of the database.

Seen: after erasing "Yasmina Bakkali" a pg_dump still held "Yasmina (tel 0611223344 …) mevrouw Bakkali" in another
contact's notes, the network "Vrouwengroep Yasmina" and the signal text "Y. Bakkali" (the old scrub replaced only
the exact full name, e-mail address and telephone number).
"""

import re
import subprocess
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportJob
from keypersons import services
from keypersons.mentions import patterns_for
from keypersons.models import Network, Signal
from outbox.models import Message
from reminders.models import Reminder
from tests.factories import NeighbourhoodFactory, NetworkFactory, SignalFactory, TopicFactory, consented

NAME, EMAIL, PHONE = "Yasmina Bakkali", "Yasmina.Bakkali@example.org", "06-11223344"
# Every way she was written down, as seen and as the issue lists them.
VARIANTS = [
    "Yasmina (tel 0611223344 …) mevrouw Bakkali", "Y. Bakkali", "Vrouwengroep Yasmina", "meneer Bakkali",
    "mw. Bakkali", "dhr. Bakkali", "Bakkali, Yasmina", "+31 6 1122 3344", "06-11 22 33 44", "06 11 22 33 44",
    "yasmina.bakkali@EXAMPLE.org", "YASMINA BAKKALI", "Yasmína Bakkalí",
]  # fmt: skip


def _dump() -> str:
    """A full plain-text dump of the test database, as an attacker with the backup would read it."""
    settings = connection.settings_dict
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "localhost", "-p", str(settings["PORT"] or 5432),
               "-U", settings["USER"], settings["NAME"]]  # fmt: skip
    environment = {"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def planted(director, settings, tmp_path, unscreened):
    """Yasmina, her brother Karim, another Yasmina, and every variant of her planted across the database."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    yasmina = consented(name=NAME, email=EMAIL, phone=PHONE, position="Voorzitter van de vrouwengroep")
    karim = consented(name="Karim Bakkali", email="karim@example.org", phone="06-99887766")
    other = consented(name="Yasmina El Idrissi", email="yei@example.org", phone="06-55443322")
    group = NetworkFactory(name="Vrouwengroep Yasmina", description="Opgericht door mevrouw Bakkali.")
    services.add_tie(person=yasmina, by=director, network=group, role="oprichter")
    services.add_tie(person=karim, by=director, other_person=yasmina, role="broer van Y. Bakkali")
    services.log_contact(
        by=director, occurred_on=today, key_persons=[yasmina], channel="phone", notes="Yasmina belde over de buurt.",
        follow_up="Yasmina terugbellen", follow_up_due_on=today + timedelta(days=3),
    )  # fmt: skip
    services.log_contact(
        by=director, occurred_on=today, key_persons=[karim], channel="in_person",
        notes="Karim Bakkali vertelde: Yasmina (tel 0611223344 …) mevrouw Bakkali wil meedoen. Ook Yasmina El "
              "Idrissi was er. Bel haar op +31 6 1122 3344 of 06-11 22 33 44, of mail yasmina.bakkali@EXAMPLE.org. "
              "Het gesprek was aan de Yasminaweg, bij de bakker.",
    )  # fmt: skip
    signal = SignalFactory(description="Melding via Y. Bakkali over de speeltuin; zie ook dhr. Bakkali.")
    services.transition_signal(signal=signal, to="assessing", by=director, note="Besproken met mw. Bakkali")
    services.add_action(by=director, signal=signal, owner=director, due_on=today + timedelta(days=2),
                        description="Bakkali, Yasmina bellen op 06 11 22 33 44")  # fmt: skip
    other.position = "Collega van YASMINA BAKKALI bij de bibliotheek"
    other.save()
    Reminder.objects.create(
        kind="test", recipient=director, subject_type=ContentType.objects.get_for_model(Network), subject_id=group.pk,
        occasion="x", title="Vrouwengroep Yasmina", body="Afspraak met meneer Bakkali",
    )  # fmt: skip
    Message.objects.create(task="mail.send", kwargs={"to": EMAIL, "body": "Beste Yasmína Bakkalí"})
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Signal), object_pk=str(signal.pk), object_id=signal.pk,
        object_repr="Signaal van Y. Bakkali", action=1, changes={"description": ["", "Melding via Y. Bakkali"]},
    )  # fmt: skip
    job = ExportJob.objects.create(
        user=director, kind="keyperson_evaluation", title="Overzicht Yasmina Bakkali", format="csv",
        expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    job.file.save("overzicht.csv", ContentFile(b"Yasmina Bakkali;06-11223344\n"))
    copy = services.issue_access_copy(person=yasmina, by=director, received_on=today)
    files = [job.file.path, copy.copy_json.path, copy.copy_pdf.path]
    return {
        "yasmina": yasmina,
        "karim": karim,
        "other": other,
        "group": group,
        "signal": signal,
        "files": files,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="searches a pg_dump")
def test_after_erasure_no_variant_of_the_person_is_left_in_a_full_dump(director_client, planted):
    before = _dump()
    assert "mevrouw Bakkali" in before and "Vrouwengroep Yasmina" in before and "Y. Bakkali" in before

    page = director_client.get(reverse("network:person_erase", args=[planted["yasmina"].pk])).content.decode()
    assert (
        "Vrouwengroep" in page and "Y. Bakkali" in page and "speeltuin" in page
    )  # the list, before confirming
    director_client.post(reverse("network:person_erase", args=[planted["yasmina"].pk]), {"confirm": "on"})

    dump = _dump()
    for variant in [*VARIANTS, "1122 3344", "11223344", "Yasmina terugbellen", "Yasmina belde"]:
        assert variant.lower() not in dump.lower(), variant
    # Every "Bakkali" left is her brother's name, every "Yasmina" the other Yasmina or the street.
    assert re.findall(r"\w+ Bakkali", dump) and set(re.findall(r"\w+ Bakkali", dump)) == {"Karim Bakkali"}
    assert set(re.findall(r"Yasmina\w* ?\w*", dump)) <= {"Yasmina El", "Yasminaweg"}
    assert "Karim Bakkali vertelde" in dump and "bij de bakker" in dump and "Yasmina El Idrissi" in dump
    assert "[gewist]" in dump
    assert not any(__import__("os").path.exists(path) for path in planted["files"])


@pytest.mark.django_db
def test_the_director_sees_every_mention_before_confirming_and_nothing_is_erased_without_it(
    director_client, planted
):
    url = reverse("network:person_erase", args=[planted["yasmina"].pk])

    refused = director_client.post(url, {})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Vink het vakje aan" in page or "Tick the box" in page
    for where in ("Vrouwengroep", "speeltuin", "Besproken met", "bibliotheek", "Afspraak met"):
        assert where in page, where
    planted["group"].refresh_from_db()
    assert planted["group"].name == "Vrouwengroep Yasmina"


@pytest.mark.django_db
def test_erasure_leaves_a_namesake_and_ordinary_words_alone(director, planted):
    services.erase_key_person(person=planted["yasmina"], by=director)

    planted["karim"].refresh_from_db()
    planted["other"].refresh_from_db()
    planted["group"].refresh_from_db()
    assert planted["karim"].name == "Karim Bakkali"
    assert planted["other"].name == "Yasmina El Idrissi"
    assert planted["other"].position == "Collega van [gewist] bij de bibliotheek"
    assert planted["group"].name == "Vrouwengroep [gewist]"
    planted["signal"].refresh_from_db()
    assert planted["signal"].description == "Melding via [gewist] over de speeltuin; zie ook [gewist]."


@pytest.mark.parametrize(
    ("text", "linked", "expected"),
    [
        ("Yasmina (tel 0611223344 …) mevrouw Bakkali", False, "X (tel X …) X"),
        (
            "Gesprek met Yasmina over de buurt",
            False,
            "Gesprek met Yasmina over de buurt",
        ),  # not about her: kept
        ("Gesprek met Yasmina over de buurt", True, "Gesprek met X over de buurt"),  # her own notes
        ("Yasmina en Bakkali", False, "X en X"),  # the surname makes the first name hers
        ("Y.B. Bakkali en Mw Bakkali", False, "X en X"),
        ("Bel 0031 (0)6-11223344 of 06.11.22.33.44", False, "Bel X of X"),
        ("Tel 0611223345 is iemand anders", False, "Tel 0611223345 is iemand anders"),
        ("de bakkalis en Yasminaweg 3", True, "de bakkalis en Yasminaweg 3"),  # word boundaries, the capital
        ("Karim Bakkali kwam ook", False, "Karim Bakkali kwam ook"),  # her brother
    ],
)
def test_the_mention_rule(text, linked, expected):
    patterns = patterns_for(name=NAME, email=EMAIL, phone=PHONE, others=["Karim Bakkali"])

    assert patterns.replace(text, "X", linked=linked)[0] == expected


def test_a_surname_with_particles_and_a_foreign_number():
    patterns = patterns_for(name="Jan de Boer", phone="+32 470 12 34 56")

    assert patterns.replace("dhr. De Boer en J. de Boer", "X", linked=False)[0] == "X en X"
    assert (
        patterns.replace("De Boer zei dat hij de boer op ging", "X", linked=False)[0]
        == "X zei dat hij de boer op ging"
    )
    assert patterns.replace("bel 0032 470 123 456", "X", linked=False)[0] == "bel X"


@pytest.mark.django_db
def test_an_old_name_from_before_a_rectification_is_erased_too(director):
    person = consented(name="Fatima Ouali")
    SignalFactory(
        description="Gesprek met mevrouw Ouali", neighbourhood=NeighbourhoodFactory(), theme=TopicFactory()
    )
    services.rectify(
        person=person, by=director, received_on=timezone.localdate(), field="name", value="Fatima Benali"
    )

    services.erase_key_person(person=person, by=director)

    assert Signal.objects.get().description == "Gesprek met [gewist]"
