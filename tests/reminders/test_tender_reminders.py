"""Tender reminders: who gets them, on which day, in which language, and never twice."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from reminders.models import Reminder
from reminders.services import send_digests
from tenders import services
from tenders.models import Part
from tenders.tasks import (
    assessment_reminders,
    information_request_reminders,
    report_reminders,
    round_closing_reminders,
)
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    paid_out,
    submitted_application,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=8):
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(task):
        with django_capture_on_commit_callbacks(execute=True):
            return task()

    return run


def test_round_closing_reminders_7_and_1_day_before_to_members_with_a_draft(on_commit):
    closes = timezone.now() + timedelta(days=20)
    round_ = RoundFactory(closes_at=closes)
    draft = ApplicationFactory(round=round_)
    member = MembershipFactory(organisation=draft.organisation, user=UserFactory(language="en")).user
    submitted = submitted_application(round=round_)
    closing_day = timezone.localtime(closes).date()

    with time_machine.travel(at(closing_day - timedelta(days=8)), tick=False):
        assert on_commit(round_closing_reminders) == 0
    with time_machine.travel(at(closing_day - timedelta(days=7)), tick=False):
        assert on_commit(round_closing_reminders) == 1
        assert on_commit(round_closing_reminders) == 0  # twice on one day: nothing more
    with time_machine.travel(at(closing_day - timedelta(days=1)), tick=False):
        assert on_commit(round_closing_reminders) == 1

    reminders = Reminder.objects.filter(kind="round_closing")
    assert {r.occasion for r in reminders} == {"7d", "1d"}
    assert {r.recipient for r in reminders} == {member}
    assert not reminders.filter(subject_id=submitted.pk).exists()
    assert len(mail.outbox) == 2
    assert "The round closes in 7 days" in mail.outbox[0].subject  # the member reads English
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_reminders_are_written_in_the_recipients_language(on_commit):
    closes = timezone.now() + timedelta(days=10)
    draft = ApplicationFactory(round=RoundFactory(closes_at=closes))
    MembershipFactory(organisation=draft.organisation, user=UserFactory(language="nl"))

    with time_machine.travel(at(timezone.localtime(closes).date() - timedelta(days=7)), tick=False):
        on_commit(round_closing_reminders)

    assert "De ronde sluit over 7 dagen" in Reminder.objects.get().title


def test_assessment_reminder_three_days_before_the_deadline_to_assessors_who_have_not_submitted(on_commit):
    deadline = timezone.now() + timedelta(days=10)
    round_ = RoundFactory(assessment_deadline=deadline)
    application = submitted_application(round=round_)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    assessor = UserFactory(roles=["beoordelaar"], reminder_delivery="immediate")
    services.assign_assessor(application=application, assessor=assessor, by=officer)
    day = timezone.localtime(deadline).date() - timedelta(days=3)

    with time_machine.travel(at(day - timedelta(days=1)), tick=False):
        assert on_commit(assessment_reminders) == 0
    with time_machine.travel(at(day), tick=False):
        assert on_commit(assessment_reminders) == 1
        assert on_commit(assessment_reminders) == 0

    assert Reminder.objects.get().recipient == assessor


def test_information_request_reminder_three_days_before_it_expires(on_commit):
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    member = application.organisation.memberships.get().user
    request = services.request_information(
        application=application, by=UserFactory(), message="Statuten", parts=[Part.ATTACHMENTS]
    )

    with time_machine.travel(at(request.deadline - timedelta(days=3)), tick=False):
        assert on_commit(information_request_reminders) == 1
        assert on_commit(information_request_reminders) == 0

    assert Reminder.objects.get().recipient == member


def test_an_extended_information_request_is_reminded_before_its_new_last_day(on_commit):
    """Seen: the reminder looked at the first deadline only, so an extended request was never reminded."""
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    officer = UserFactory()
    request = services.request_information(
        application=application, by=officer, message="Statuten", parts=[Part.ATTACHMENTS]
    )
    until = request.deadline + timedelta(days=21)
    with time_machine.travel(at(request.deadline + timedelta(days=1)), tick=False):
        services.extend_information_request(application=application, until=until, reason="Ziek", by=officer)

    with time_machine.travel(at(until - timedelta(days=3)), tick=False):
        assert on_commit(information_request_reminders) == 1

    reminder = Reminder.objects.get()
    assert reminder.recipient == application.organisation.memberships.get().user
    assert str(until.day) in reminder.body


def test_report_reminders_30_days_before_and_when_overdue_to_organisation_and_officer(on_commit):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = assessed_application(requested_amount=Decimal("10000"), officer=officer)
    closed(application.round)
    decision = services.decide(
        application=application, outcome="granted", amount=Decimal("10000"), reasons="Ja", by=officer
    )
    services.pay_advance(application=application, by=officer)
    paid_out(application)  # the report is due once the advance is paid
    member = application.organisation.memberships.get().user

    with time_machine.travel(at(decision.report_due_on - timedelta(days=30)), tick=False):
        assert on_commit(report_reminders) == 2
    with time_machine.travel(at(decision.report_due_on + timedelta(days=1)), tick=False):
        assert on_commit(report_reminders) == 2
        assert on_commit(report_reminders) == 0

    assert {(r.recipient, r.occasion) for r in Reminder.objects.all()} == {
        (member, "30d"), (officer, "30d"), (member, "overdue"), (officer, "overdue"),
    }  # fmt: skip


def test_staff_get_one_daily_digest_instead_of_separate_emails(on_commit):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = assessed_application(requested_amount=Decimal("10000"), officer=officer)
    closed(application.round)
    decision = services.decide(
        application=application, outcome="granted", amount=Decimal("10000"), reasons="Ja", by=officer
    )
    services.pay_advance(application=application, by=officer)
    paid_out(application)  # the report is due once the advance is paid

    with time_machine.travel(at(decision.report_due_on - timedelta(days=30)), tick=False):
        on_commit(report_reminders)
    immediate = [m.to for m in mail.outbox]
    sent = send_digests()

    assert officer.email not in {address for to in immediate for address in to}
    assert sent == 1
    assert mail.outbox[-1].to == [officer.email]
    assert send_digests() == 0  # nothing twice


def test_one_failing_item_does_not_stop_the_others(on_commit, monkeypatch):
    closes = timezone.now() + timedelta(days=10)
    round_ = RoundFactory(closes_at=closes)
    drafts = [ApplicationFactory(round=round_) for _ in range(3)]
    for draft in drafts:
        MembershipFactory(organisation=draft.organisation)
    from tenders import tasks

    real = tasks.remind
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["subject"].pk)
        if len(calls) == 1:
            raise RuntimeError("mail server hiccup")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "remind", flaky)
    with time_machine.travel(at(timezone.localtime(closes).date() - timedelta(days=7)), tick=False):
        assert on_commit(round_closing_reminders) == 2


def test_members_see_their_reminders_and_choose_the_digest(client, on_commit):
    closes = timezone.now() + timedelta(days=10)
    draft = ApplicationFactory(round=RoundFactory(closes_at=closes))
    member = MembershipFactory(organisation=draft.organisation).user
    with time_machine.travel(at(timezone.localtime(closes).date() - timedelta(days=7)), tick=False):
        on_commit(round_closing_reminders)
    client.force_login(member)

    assert draft.title in client.get("/portaal/herinneringen/").content.decode()
    client.post(
        "/portaal/profiel/",
        {"first_name": "Fatima", "email": member.email, "language": "en", "reminder_delivery": "digest"},
    )
    member.refresh_from_db()
    assert (member.language, member.wants_digest) == ("en", True)
