"""Bad input gets a clear message and nothing is saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keypersons.models import AccessLog, ContactMoment, Signal, TemperatureReading
from tests.factories import NeighbourhoodFactory, TopicFactory, consented

pytestmark = pytest.mark.django_db


def _quick_log(person, hood, theme, **overrides):
    data = {
        "contact-occurred_on": timezone.localdate().isoformat(), "contact-key_persons": [person.pk],
        "contact-channel": "phone", "contact-notes": "Rustig gesprek.",
        "reading-TOTAL_FORMS": "3", "reading-INITIAL_FORMS": "0", "reading-MIN_NUM_FORMS": "0", "reading-MAX_NUM_FORMS": "10",
        "reading-0-neighbourhood": hood.pk, "reading-0-level": "3",
        "has_signal": "1", "signal-neighbourhood": hood.pk, "signal-theme": theme.pk, "signal-severity": "2",
        "signal-description": "Spanning rond het buurthuis.",
    }  # fmt: skip
    data.update(overrides)
    return data


def _nothing_saved():
    return (
        not ContactMoment.objects.exists()
        and not Signal.objects.exists()
        and not TemperatureReading.objects.exists()
    )


@pytest.fixture
def setting(director):
    return consented(), NeighbourhoodFactory(), TopicFactory()


def test_a_temperature_outside_1_to_5_is_refused(director_client, setting):
    for level in ("0", "6", "-1", "drie"):
        response = director_client.post(
            reverse("network:contact_create"), _quick_log(*setting, **{"reading-0-level": level})
        )

        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
        assert _nothing_saved()


def test_a_contact_moment_in_the_future_is_refused(director_client, setting):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = director_client.post(
        reverse("network:contact_create"), _quick_log(*setting, **{"contact-occurred_on": tomorrow})
    )

    assert "toekomst" in response.content.decode()  # "kan niet in de toekomst liggen"
    assert _nothing_saved()


def test_a_signal_without_a_neighbourhood_is_refused(director_client, setting):
    response = director_client.post(
        reverse("network:contact_create"), _quick_log(*setting, **{"signal-neighbourhood": ""})
    )

    assert "Kies de buurt" in response.content.decode()
    assert _nothing_saved()


def test_a_signal_on_its_own_page_without_a_neighbourhood_is_refused(director_client, setting):
    _person, _hood, theme = setting
    response = director_client.post(
        reverse("network:signal_create"),
        {"observed_on": timezone.localdate().isoformat(), "theme": theme.pk, "severity": 2, "source": "partner", "description": "x"},
    )  # fmt: skip

    assert response.status_code == 200
    assert not Signal.objects.exists()


def test_a_temperature_on_its_own_page_outside_1_to_5_is_refused(director_client, setting):
    _person, hood, _theme = setting
    response = director_client.post(
        reverse("network:temperature_create"),
        {
            "neighbourhood": hood.pk,
            "level": 9,
            "measured_on": timezone.localdate().isoformat(),
            "source": "partner",
        },
    )

    assert response.status_code == 200
    assert not TemperatureReading.objects.exists()


def test_the_quick_log_saves_contact_temperature_signal_and_follow_up_together(director_client, setting):
    person, hood, theme = setting
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = director_client.post(
        reverse("network:contact_create"),
        _quick_log(
            person, hood, theme, **{"contact-follow_up": "Terugbellen", "contact-follow_up_due_on": due}
        ),
    )

    moment = ContactMoment.objects.get()
    assert response.status_code == 302 and response["Location"] == moment.get_absolute_url()
    assert list(moment.key_persons.all()) == [person]
    assert TemperatureReading.objects.get().level == 3
    assert Signal.objects.get().neighbourhood == hood
    assert person.actions.get().description == "Terugbellen"
    assert AccessLog.objects.filter(what="create", object_type="contactmoment", object_id=moment.pk).exists()


def test_garbage_in_every_field_never_gives_a_server_error(director_client, setting):
    person = setting[0]
    garbage = {"contact-occurred_on": "gisteren", "contact-key_persons": ["x"], "contact-channel": "duif",
               "reading-TOTAL_FORMS": "x", "has_signal": "1", "signal-severity": "99"}  # fmt: skip
    for name, data in (
        ("contact_create", garbage),
        ("signal_create", {"severity": "x"}),
        ("temperature_create", {"level": "x"}),
    ):
        assert director_client.post(reverse(f"network:{name}"), data).status_code == 200
    for name in ("person_consent", "person_tie", "person_action"):
        assert (
            director_client.post(reverse(f"network:{name}", args=[person.pk]), {"x": "y"}).status_code == 302
        )
    assert (
        director_client.get(reverse("network:evaluation"), {"start": "x", "end": "2020-13-45"}).status_code
        == 200
    )
    assert (
        director_client.get(
            reverse("network:person_list"), {"status": "x", "neighbourhood": "x", "page": "x"}
        ).status_code
        == 200
    )
