"""The retention review (AVG art. 5(1)(e)): after two years without contact the director reviews a person; a
record nobody reviewed is pseudonymised three months later, every mention in notes and signals included."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from keypersons import queries
from keypersons.models import ContactMoment, KeyPerson, RetentionReview, Signal
from keypersons.tasks import pseudonymise_unreviewed, retention_review_reminders
from reminders.models import Reminder
from tests.factories import ContactMomentFactory, SignalFactory, consented

pytestmark = pytest.mark.django_db
START = date(2023, 3, 1)


@pytest.fixture
def stale(director):
    """Lotte, last spoken to on START, named in another person's notes and in a signal; and a recent person."""
    with time_machine.travel(START, tick=False):
        lotte = consented(name="Lotte Smeets", phone="06-24242424")
        fresh = consented(name="Bram Vos")
        ContactMomentFactory(key_persons=[lotte], occurred_on=START, notes="Lotte vertelde over het plein.")
    KeyPerson.objects.filter(pk__in=[lotte.pk, fresh.pk]).update(created_at=timezone.make_aware(datetime(2023, 1, 1)))  # fmt: skip
    ContactMomentFactory(key_persons=[fresh], occurred_on=START + timedelta(days=700), notes="Met Bram, over mevrouw Smeets (06 24 24 24 24).")  # fmt: skip
    SignalFactory(observed_on=START, description="Lotte Smeets meldde onrust.")
    return lotte, fresh


def test_a_person_without_contact_for_two_years_is_due_and_listed_for_the_director(director_client, stale):
    lotte, _fresh = stale
    with time_machine.travel(START + timedelta(days=2 * 365 + 1), tick=False):
        due = queries.retention.due_for_review()
        page = director_client.get(reverse("network:retention_review")).content.decode()

    assert [d.person for d in due] == [lotte]
    assert "Lotte Smeets" in page and "Bram Vos" not in page


def test_keeping_a_record_needs_a_reason_and_starts_a_new_period(director_client, stale):
    lotte, _fresh = stale
    url = reverse("network:retention_keep", args=[lotte.pk])
    with time_machine.travel(START + timedelta(days=2 * 365 + 1), tick=False):
        refused = director_client.post(url, {f"keep-{lotte.pk}-reason": ""})
        kept = director_client.post(url, {f"keep-{lotte.pk}-reason": "Sleutelrol bij het buurtfeest"})
        assert queries.retention.due_for_review() == []

    assert refused.status_code == 400 and kept.status_code == 302
    assert RetentionReview.objects.get().reason == "Sleutelrol bij het buurtfeest"
    with time_machine.travel(START + timedelta(days=2 * 365 + 100), tick=False):
        assert pseudonymise_unreviewed() == 0


def test_the_director_is_reminded_once_with_the_date_of_pseudonymisation(director, stale):
    with time_machine.travel(START + timedelta(days=2 * 365 + 1), tick=False):
        assert retention_review_reminders() == 1
        assert retention_review_reminders() == 0

    reminder = Reminder.objects.get(kind="keyperson_retention")
    assert "2025" in reminder.body and reminder.url == reverse("network:retention_review")


def test_an_unreviewed_record_is_pseudonymised_three_months_after_the_review_fell_due(director, stale):
    lotte, fresh = stale
    due_on = START + timedelta(days=2 * 365)
    with time_machine.travel(due_on + timedelta(days=85), tick=False):
        assert pseudonymise_unreviewed() == 0
    with time_machine.travel(due_on + timedelta(days=93), tick=False):
        assert pseudonymise_unreviewed() == 1
        assert pseudonymise_unreviewed() == 0

    lotte.refresh_from_db()
    pseudonym = f"[sleutelpersoon {lotte.pk}]"
    assert (lotte.name, lotte.phone, lotte.status) == (pseudonym, "", "ended")
    assert Signal.objects.get().description == f"{pseudonym} meldde onrust."
    assert ContactMoment.objects.get(key_persons=fresh).notes == f"Met Bram, over {pseudonym} ({pseudonym})."
    assert ContactMoment.objects.filter(key_persons=lotte).count() == 1  # still counted, under the pseudonym
    assert RetentionReview.objects.get(key_person=lotte).decision == "pseudonymised"
    fresh.refresh_from_db()
    assert fresh.name == "Bram Vos"


def test_network_staff_cannot_review(client, network_staff, stale):
    lotte, _fresh = stale
    client.force_login(network_staff)

    assert client.get(reverse("network:retention_review")).status_code == 403
    assert client.post(reverse("network:retention_keep", args=[lotte.pk]), {f"keep-{lotte.pk}-reason": "x"}).status_code == 403  # fmt: skip
    assert not RetentionReview.objects.exists()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_review_page_runs_as_many_queries_for_many_people_as_for_one(director_client, stale):
    url = reverse("network:retention_review")
    with time_machine.travel(START + timedelta(days=2 * 365 + 1), tick=False):
        one = _queries(director_client, url)
        for n in range(5):
            person = consented(name=f"Oud Dossier{n}")
            KeyPerson.objects.filter(pk=person.pk).update(
                created_at=timezone.make_aware(datetime(2022, 1, 1))
            )
        many = _queries(director_client, url)
        assert len(queries.retention.due_for_review()) == 6

    assert one == many
