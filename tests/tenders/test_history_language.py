"""An English page shows the application's states and history in English, a Dutch page in Dutch (issue 21)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import translation

from tenders import services
from tenders.models import Decision, State, StatusChange
from tests.factories import MembershipFactory, assessed_application, closed

pytestmark = pytest.mark.django_db

ENGLISH = [
    "I declare that I have filled in this application completely and truthfully.",
    "All assessments submitted.",
]
DUTCH = [
    "Ik verklaar dat ik deze aanvraag volledig en naar waarheid heb ingevuld.",
    "Alle beoordelingen zijn ingediend.",
]


@pytest.fixture
def granted(officer):
    application = assessed_application(officer=officer)
    closed(application.round)
    services.decide(
        application=application, outcome=Decision.Outcome.GRANTED, amount=application.requested_amount,
        reasons="Past goed binnen de regeling.", by=officer,
    )  # fmt: skip
    return application


def test_the_officers_english_page_shows_states_and_notes_in_english(officer_client, granted):
    page = officer_client.get(f"/en/medewerkers/aanvragen/{granted.pk}/").content.decode()

    assert all(note in page for note in ENGLISH)
    assert "assessed → granted" in page
    assert not any(note in page for note in DUTCH)
    assert "beoordeeld → verleend" not in page


def test_the_officers_dutch_page_shows_states_and_notes_in_dutch(officer_client, granted):
    page = officer_client.get(f"/medewerkers/aanvragen/{granted.pk}/").content.decode()

    assert all(note in page for note in DUTCH)
    assert "beoordeeld → verleend" in page
    assert not any(note in page for note in ENGLISH)


def test_the_applicants_page_shows_the_state_in_the_pages_language(client, granted):
    client.force_login(MembershipFactory(organisation=granted.organisation).user)

    english = client.get(f"/en/portaal/aanvragen/{granted.pk}/").content.decode()
    dutch = client.get(f"/portaal/aanvragen/{granted.pk}/").content.decode()

    assert "<strong>Granted</strong>" in english and "Verleend" not in english
    assert "<strong>Verleend</strong>" in dutch and "<strong>Granted</strong>" not in dutch


def test_a_note_a_person_typed_is_shown_as_typed_in_both_languages(officer_client, officer):
    application = assessed_application(officer=officer)
    services.withdraw(application=application, by=officer, reason="Project gaat niet door.")

    for prefix in ("", "/en"):
        page = officer_client.get(f"{prefix}/medewerkers/aanvragen/{application.pk}/").content.decode()
        assert "Project gaat niet door." in page


def test_a_note_with_a_date_shows_the_date_the_languages_way():
    change = StatusChange(note_key="report_due", note_params={"date": "2026-12-01"})

    with translation.override("en"):
        assert change.shown_note == "Report due on 1 December 2026"
    with translation.override("nl"):
        assert change.shown_note == "Verantwoording uiterlijk op 1 december 2026"


def test_rows_written_before_the_keys_get_theirs_from_the_migration(granted):
    """An old row held only the text, in the language of the moment it was written."""
    StatusChange.objects.update(note_key="", note_params={})
    old = StatusChange.objects.create(
        application=granted, from_state=State.GRANTED, to_state=State.REPORT_DUE,
        note="Verantwoording uiterlijk op 2027-03-01",
    )  # fmt: skip
    typed = StatusChange.objects.create(
        application=granted, from_state=State.REPORT_DUE, to_state=State.REPORT_DUE, note="Getypt door iemand"
    )

    import_module("tenders.migrations.0017_status_change_note_key").give_fixed_notes_their_keys(apps, None)

    old.refresh_from_db(), typed.refresh_from_db()
    assert (old.note_key, old.note_params) == ("report_due", {"date": "2027-03-01"})
    assert typed.note_key == "" and typed.shown_note == "Getypt door iemand"
    assert StatusChange.objects.get(application=granted, to_state=State.SUBMITTED).note_key == "declaration"
    with translation.override("en"):
        assert old.shown_note == "Report due on 1 March 2027"
