"""The audit trail of policy officers' changes to applications, decisions and the ledger: who, what,
when, before and after — readable by the application manager, changeable by nobody."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tenders.models import Application, BudgetEntry, Decision
from tests.factories import UserFactory, assessed_application, closed

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(client, roles):
    officer = UserFactory(username="beleid-audit", roles=["beleidsmedewerker"], is_staff=True)
    application = assessed_application(officer=officer)
    closed(application.round)  # a tender round is decided after it closes
    client.force_login(officer)
    response = client.post(
        reverse("staff:application_decide", args=[application.pk]),
        {"outcome": "granted", "amount": str(application.requested_amount), "reasons": "Past in de ronde."},
    )
    assert response.status_code == 302
    return officer, application


def _entries(model, pk=None):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return entries.filter(object_pk=str(pk)) if pk else entries


def test_a_decision_writes_who_what_when_and_before_after(decided):
    officer, application = decided
    decision = Decision.objects.get(application=application)

    created = _entries(Decision, decision.pk).get(action=LogEntry.Action.CREATE)
    assert created.actor == officer and created.timestamp
    assert created.changes_dict["granted_amount"][1] == str(decision.granted_amount)

    state_change = (
        _entries(Application, application.pk).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    )
    assert state_change.actor == officer
    assert state_change.changes_dict["state"] == ["assessed", "granted"]

    commitment = _entries(BudgetEntry).filter(action=LogEntry.Action.CREATE).latest("timestamp")
    assert commitment.actor == officer


def test_the_application_manager_reads_the_trail_and_cannot_change_it(client, decided):
    manager = UserFactory(roles=["functioneel-beheerder"], is_staff=True)
    client.force_login(manager)
    entry = LogEntry.objects.filter(actor=decided[0]).first()

    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200
    assert (
        client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_policy_officers_cannot_read_the_trail_of_their_own_changes(client, decided):
    client.force_login(decided[0])

    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
