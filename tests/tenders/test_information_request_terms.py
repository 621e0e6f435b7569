"""The information request ends somewhere (Awb 4:5) and the decision term waits for it (Awb 4:13–4:15)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from maastricht_inclusie.deadlines import end_of_day
from tenders import services
from tenders.models import Application, Decision, InformationRequest, State
from tenders.timeline import decision_due
from tests.factories import RoundFactory, UserFactory, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(roles):
    return UserFactory(roles=["beleidsmedewerker"])


@pytest.fixture
def requested(officer, django_capture_on_commit_callbacks):
    """A first-come application with an open information request (first come: the plan may be reopened too)."""
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_information(
            application=application, by=officer, message="Stuur de statuten mee.", parts=["attachments"]
        )
    return Application.objects.get(pk=application.pk)


def after_deadline(application):
    request = application.information_requests.get()
    return time_machine.travel(end_of_day(request.ends_on) + timedelta(hours=2), tick=False)


def page(client, application):
    return client.get(f"/medewerkers/aanvragen/{application.pk}/").content.decode()


def login(client, user):
    # Weeks later a staff login has long expired: log in again at that moment.
    client.force_login(user)


def test_the_applicant_is_mailed_what_is_missing_the_deadline_and_a_link(requested):
    request = requested.information_requests.get()
    member = requested.organisation.memberships.get().user

    (message,) = [m for m in mail.outbox if member.email in m.to]

    assert requested.reference in message.subject
    assert "Stuur de statuten mee." in message.body
    assert request.deadline.strftime("%Y") in message.body
    assert f"/portaal/aanvragen/{requested.pk}/" in message.body


def test_after_an_expired_request_the_officer_page_offers_the_three_ways_on(client, officer, requested):
    # Seen: after an expired request the officer page had no forms at all.
    client.force_login(officer)
    before = page(client, requested)
    assert "buiten-behandeling" not in before and "aanvulverzoek/verlengen" in before

    with after_deadline(requested):
        login(client, officer)
        html = page(client, requested)

    for url in ("buiten-behandeling/", "aanvulverzoek/verlengen/", "aanvulverzoek/verder/"):
        assert f'action="/medewerkers/aanvragen/{requested.pk}/{url}"' in html


def test_setting_aside_needs_reasons_the_passed_deadline_and_a_confirmation(
    client, officer, requested, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    url = f"/medewerkers/aanvragen/{requested.pk}/buiten-behandeling/"

    early = client.post(url, {"reasons": "Te laat"})
    assert early.status_code == 200 and early.context["set_aside_form"].errors
    with after_deadline(requested):
        login(client, officer)
        empty = client.post(url, {"reasons": "  "})
        assert empty.status_code == 200 and empty.context["set_aside_form"].errors
        reasons = "De statuten zijn niet binnen de termijn ontvangen."
        confirmation = client.post(url, {"reasons": reasons})
        assert confirmation.status_code == 200
        assert "Stuur de statuten mee." in confirmation.content.decode()  # what was asked
        assert Application.objects.get(pk=requested.pk).state == State.INFORMATION_REQUESTED
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(url, {"reasons": reasons, "confirmed": "True"})

    assert done.status_code == 302
    application = Application.objects.get(pk=requested.pk)
    assert application.state == State.SET_ASIDE
    assert "Awb 4:5" in application.history.last().note
    request = application.information_requests.get()
    assert request.outcome == InformationRequest.Outcome.SET_ASIDE
    decision = application.decisions.get()
    assert decision.outcome == Decision.Outcome.SET_ASIDE and decision.reasons == reasons
    letter = mail.outbox[-1]
    assert letter.attachments and application.reference in letter.subject


def test_the_deadline_is_extended_once_with_a_reason_and_the_applicant_can_answer_until_then(
    client, officer, requested
):
    client.force_login(officer)
    url = f"/medewerkers/aanvragen/{requested.pk}/aanvulverzoek/verlengen/"
    request = requested.information_requests.get()
    until = request.deadline + timedelta(days=14)

    with after_deadline(requested):
        login(client, officer)
        no_reason = client.post(url, {"until": until.isoformat(), "reason": ""})
        assert no_reason.status_code == 200 and "reason" in no_reason.context["extend_form"].errors
        assert (
            client.post(url, {"until": until.isoformat(), "reason": "Notaris met vakantie"}).status_code
            == 302
        )
        again = client.post(url, {"until": (until + timedelta(days=7)).isoformat(), "reason": "Nog eens"})
        assert again.status_code == 200 and again.context["extend_form"].errors

        member = requested.organisation.memberships.get().user
        answered = services.answer_information_request(application=requested, by=member, answer="Bijgevoegd.")

    assert InformationRequest.objects.get(pk=request.pk).extended_until == until
    assert answered.state == State.SUBMITTED


def test_the_officer_may_continue_with_what_is_there(client, officer, requested):
    client.force_login(officer)

    with after_deadline(requested):
        login(client, officer)
        response = client.post(f"/medewerkers/aanvragen/{requested.pk}/aanvulverzoek/verder/", {"note": ""})

    assert response.status_code == 302
    application = Application.objects.get(pk=requested.pk)
    assert application.state == State.SUBMITTED
    assert application.information_requests.get().outcome == InformationRequest.Outcome.ACCEPTED
    services.mark_eligible(application=application, by=officer)  # and the procedure goes on


def test_only_a_policy_officer_can_end_a_request(client, requested):
    assessor = UserFactory(roles=["beoordelaar"])

    with after_deadline(requested):
        login(client, assessor)
        response = client.post(
            f"/medewerkers/aanvragen/{requested.pk}/buiten-behandeling/", {"reasons": "Weg"}
        )

    assert response.status_code == 403
    assert Application.objects.get(pk=requested.pk).state == State.INFORMATION_REQUESTED


def test_ending_a_request_before_its_deadline_is_refused(officer, requested):
    with pytest.raises(ValidationError):
        services.set_aside(application=requested, reasons="Te vroeg", by=officer)
    with pytest.raises(ValidationError):
        services.continue_without_answer(application=requested, note="", by=officer)


def test_the_decision_term_waits_while_a_request_runs_and_resumes_when_it_expires(officer, requested):
    request = requested.information_requests.get()
    running = (timezone.localdate(request.created_at) - timezone.localdate(requested.submitted_at)).days
    expired_at = end_of_day(request.deadline) + timedelta(days=30)

    due_long_after = decision_due(requested, now=expired_at)
    due_at_expiry = decision_due(requested, now=end_of_day(request.deadline))

    # The suspension stops at the end of the deadline: waiting longer does not move the end of the term.
    assert due_long_after == due_at_expiry
    received = timezone.localdate(requested.submitted_at)
    suspended = (request.deadline - timezone.localdate(request.created_at)).days
    assert due_at_expiry >= received + timedelta(weeks=8, days=suspended + running)


def test_the_round_decision_term_is_used(officer):
    short = submitted_application(round=RoundFactory(allocation_method="first_come", decision_term_weeks=4))
    long = submitted_application(round=RoundFactory(allocation_method="first_come", decision_term_weeks=13))

    assert (decision_due(long) - decision_due(short)).days >= 9 * 7 - 4


def test_the_staff_page_shows_the_due_date_and_the_days_left(client, officer):
    application = submitted_application(
        round=RoundFactory(allocation_method="first_come", decision_term_weeks=8)
    )
    client.force_login(officer)

    html = page(client, application)

    due = decision_due(application)
    left = (due - timezone.localdate()).days
    assert f"nog {left} dagen" in html
    with time_machine.travel(end_of_day(due) + timedelta(days=3), tick=False):
        login(client, officer)
        assert "3 dagen te laat" in page(client, application)


def test_the_deciding_officer_is_reminded_14_and_3_days_before_the_term_ends_once(officer):
    from reminders.models import Reminder
    from tenders.tasks import decision_term_reminders

    application = submitted_application(
        round=RoundFactory(allocation_method="first_come", decision_term_weeks=8)
    )
    services.mark_eligible(application=application, by=officer)
    UserFactory(roles=["beleidsmedewerker"])  # another officer, who did not handle it
    due = decision_due(application)

    for days_before, expected in ((15, 0), (14, 1), (14, 0), (3, 1), (2, 0)):
        with time_machine.travel(
            end_of_day(due - timedelta(days=days_before)) - timedelta(hours=12), tick=False
        ):
            assert decision_term_reminders() == expected

    reminders = Reminder.objects.filter(kind="decision_due")
    assert {r.recipient for r in reminders} == {officer}
    assert reminders.count() == 2


def test_the_rounds_list_shows_each_applications_due_date_and_days_left(client, officer):
    round_ = RoundFactory(allocation_method="first_come", decision_term_weeks=8)
    waiting = submitted_application(round=round_)
    client.force_login(officer)

    html = client.get(f"/medewerkers/rondes/{round_.pk}/").content.decode()

    due = decision_due(waiting)
    assert f"nog {(due - timezone.localdate()).days} dagen" in html
