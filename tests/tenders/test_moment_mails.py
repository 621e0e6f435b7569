"""Mail for the moments besides the letters, in each recipient's own language, with salutation, link and sign-off."""

import pytest
from django.core import mail

from tenders import services
from tenders.models import Part
from tests.factories import MembershipFactory, RoundFactory, UserFactory, submitted_application

pytestmark = pytest.mark.django_db


def test_an_information_request_mails_every_member_in_their_own_language(
    django_capture_on_commit_callbacks, roles
):
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    dutch = application.organisation.memberships.get().user
    english = MembershipFactory(organisation=application.organisation, user__language="en").user
    officer = UserFactory(roles=["beleidsmedewerker"])

    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_information(
            application=application, by=officer, message="Stuur de statuten mee.", parts=[Part.ATTACHMENTS]
        )

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {dutch.email, english.email}
    nl, en = by_address[dutch.email], by_address[english.email]
    assert nl.subject.startswith("Vul uw aanvraag") and application.reference in nl.subject
    assert en.subject.startswith("Please complete") and "Dear" in en.body and "Kind regards" in en.body
    for message in (nl, en):
        assert "Stuur de statuten mee." in message.body and f"/aanvragen/{application.pk}/" in message.body
    assert str(request.ends_on.year) in nl.body and "/en/" in en.body and "/en/" not in nl.body
    assert nl.body.startswith("Beste ") and "Met vriendelijke groet" in nl.body


def test_an_assigned_assessor_is_mailed_with_a_link_to_the_scoring_page(
    django_capture_on_commit_callbacks, roles
):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = services.mark_eligible(application=submitted_application(), by=officer)
    assessor = UserFactory(roles=["beoordelaar"], language="en")

    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assign_assessor(application=application, assessor=assessor, by=officer)

    [message] = mail.outbox
    assert message.to == [assessor.email] and application.reference in message.subject
    assert message.subject.startswith("New assessment") and f"/beoordelen/{assessment.pk}/" in message.body


def test_a_refused_assignment_mails_nobody(django_capture_on_commit_callbacks, roles):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = submitted_application()  # not eligible yet

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        services.assign_assessor(
            application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
        )

    assert mail.outbox == []


def test_a_reassigned_assessment_mails_the_new_assessor_in_their_language(
    django_capture_on_commit_callbacks, roles
):
    from tenders.services.panel import reassign_assessor

    officer = UserFactory(roles=["beleidsmedewerker"])
    application = services.mark_eligible(application=submitted_application(), by=officer)
    slow = UserFactory(roles=["beoordelaar"])
    quick = UserFactory(roles=["beoordelaar"], language="nl")
    assessment = services.assign_assessor(application=application, assessor=slow, by=officer)

    with django_capture_on_commit_callbacks(execute=True):
        taken_over = reassign_assessor(assessment=assessment, assessor=quick, by=officer)

    [message] = mail.outbox
    assert message.to == [quick.email] and message.subject.startswith("Nieuwe beoordeling")
    assert message.body.startswith("Beste ") and "Met vriendelijke groet" in message.body
    assert f"/beoordelen/{taken_over.pk}/" in message.body


def test_the_deciding_officer_is_mailed_when_the_decision_term_nearly_ends(
    roles, django_capture_on_commit_callbacks
):
    from datetime import datetime, time, timedelta

    import time_machine
    from django.utils import timezone

    from reminders.tasks import send_reminder_digests
    from tenders.tasks import decision_term_reminders
    from tenders.timeline import decision_due

    officer = UserFactory(roles=["beleidsmedewerker"], language="nl")
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    services.mark_eligible(application=application, by=officer)
    due = decision_due(application)
    moment = timezone.make_aware(datetime.combine(due - timedelta(days=14), time(7, 0)))

    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert decision_term_reminders() == 1
        send_reminder_digests()

    [message] = [m for m in mail.outbox if officer.email in m.to]
    assert application.reference in message.subject + message.body
