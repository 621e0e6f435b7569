"""The journey of issue 20, lawful by construction: a prospect is informed (the art. 14 text printed), gives explicit
consent that names one special category, contacts stay within that scope, a signal is escalated without names,
the person asks for their data and then for erasure, and nothing of them is left in a full dump."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import ContactMoment, InformationText, KeyPerson, Topic
from tests.factories import NeighbourhoodFactory, PartnerFactory, TopicFactory
from tests.keypersons.test_erasure_mentions import _dump
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="searches a pg_dump")
def test_inform_consent_contact_signal_copy_and_erase(
    director_client, director, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client, today = director_client, timezone.localdate()
    belief, hood = Topic.objects.get(name="Geloofsovertuiging"), NeighbourhoodFactory(name="Wyckerpoort")

    # 1. A prospect: name, a way to reach her, informed with the current text, which prints.
    client.post(reverse("network:person_create"), {
        "name": "Hanna Vossen", "phone": "06-55667788", "status": "prospect", "contact_every_weeks": 8,
    })  # fmt: skip
    hanna = KeyPerson.objects.get(name="Hanna Vossen")
    text = InformationText.objects.get(version=1)
    client.post(reverse("network:person_informed", args=[hanna.pk]), {
        "informed-informed_on": today.isoformat(), "informed-how": "in_person", "informed-text": text.pk,
    })  # fmt: skip
    printed = client.get(reverse("network:information_text_pdf", args=[text.version]))
    assert "Autoriteit Persoonsgegevens" in pdf_text(printed.content)
    hanna.refresh_from_db()
    assert hanna.informed_on == today and hanna.information_text == text

    # 2. Without consent a contact only records the information and consent question.
    with pytest.raises(ValidationError):
        services.log_contact(
            by=director, occurred_on=today, key_persons=[hanna], channel="in_person", topics=[belief]
        )
    informing = services.log_contact(by=director, occurred_on=today, key_persons=[hanna], channel="in_person")
    assert informing.is_informing

    # 3. Explicit consent that names one special category (belief), and contacts within that scope.
    client.post(reverse("network:person_consent", args=[hanna.pk]), {
        "consent-given_on": today.isoformat(), "consent-scope": "profile", "consent-evidence": "Getekend formulier",
        "consent-expires_on": (today + timedelta(days=365)).isoformat(), "consent-special_categories": ["belief"],
    })  # fmt: skip
    moment = services.log_contact(
        by=director, occurred_on=today, key_persons=[hanna], channel="phone", topics=[belief],
        notes="Gesprek over de iftar in het buurthuis en de moskee.",
    )  # fmt: skip
    assert list(moment.topics.all()) == [belief]
    with pytest.raises(ValidationError):  # health is not in her consent
        services.log_contact(
            by=director, occurred_on=today, key_persons=[hanna], channel="phone", notes="Ze is zwanger."
        )

    # 4. A signal about the neighbourhood, escalated to a partner; her name is refused in it.
    police = PartnerFactory(name="Wijkpolitie Noordoost", contact_email="buurtbrigadier@example.org")
    with pytest.raises(ValidationError):
        services.record_signal(by=director, observed_on=today, neighbourhood=hood, theme=TopicFactory(),
                               severity=3, source="key_person", description="Gemeld door Hanna Vossen.")  # fmt: skip
    signal = services.record_signal(by=director, observed_on=today, neighbourhood=hood, theme=TopicFactory(),
                                    severity=3, source="key_person", description="Bekladding bij het buurthuis.")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_signal(
            signal=signal, partners=[police], by=director, note="Graag extra surveillance."
        )
    assert mailoutbox[0].to == ["buurtbrigadier@example.org"] and "Wyckerpoort" in mailoutbox[0].body
    assert "Hanna" not in mailoutbox[0].body and "Vossen" not in mailoutbox[0].body

    # 5. She asks for her data: the copy has the consent and the contact notes.
    copy = services.issue_access_copy(person=hanna, by=director, received_on=today)
    with copy.copy_json.open("rb") as stored:
        held = stored.read().decode()
    assert "iftar" in held and "Hanna Vossen" in held

    # 6. Erasure: nothing of her is left in a full dump.
    client.post(reverse("network:person_erase", args=[hanna.pk]), {"confirm": "on"})
    dump = _dump().lower()
    for variant in ("hanna vossen", "vossen", "06-55667788", "0655667788", "iftar"):
        assert variant not in dump, variant
    assert ContactMoment.objects.filter(pk=moment.pk).exists()  # counted, unlinked
