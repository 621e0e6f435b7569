"""The applicant's side: drafts, the check page, submission, information requests, withdrawal."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenders import services
from tenders.models import Application, Part, State, StatusChange
from tenders.workflow import IllegalTransition, transition
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    RoundFactory,
    TargetGroupFactory,
    ThemeFactory,
    UserFactory,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def draft_data(**changes):
    data = {
        "title": "Buurtmaaltijden",
        "summary": "Samen koken en eten.",
        "plan": "Twaalf avonden.",
        "themes": [ThemeFactory().pk],
        "neighbourhoods": [NeighbourhoodFactory().pk],
        "target_groups": [TargetGroupFactory().pk],
        "expected_reach": "80",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-30",
        "requested_amount": "5000.00",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "50",
        "budget-0-description": "Boodschappen",
        "budget-0-amount": "3000.00",
        "budget-1-description": "Zaalhuur",
        "budget-1-amount": "2000.00",
    }
    data.update(changes)
    return data


def test_member_starts_saves_and_submits_an_application(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    round_ = RoundFactory()
    organisation = member.memberships.get().organisation

    response = client.post(
        f"/portaal/rondes/{round_.pk}/aanvragen/",
        {"organisation": organisation.pk, "title": "Buurtmaaltijden"},
    )
    application = Application.objects.get()
    assert response.url == f"/portaal/aanvragen/{application.pk}/bewerken/"
    response = client.post(f"/portaal/aanvragen/{application.pk}/bewerken/", draft_data())
    assert response.status_code == 302
    assert client.get(f"/portaal/aanvragen/{application.pk}/controleren/").context["missing"] == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portaal/aanvragen/{application.pk}/controleren/", {"declaration": "on"})

    application.refresh_from_db()
    assert response.url == f"/portaal/aanvragen/{application.pk}/"
    assert application.state == State.SUBMITTED
    assert application.reference == f"{round_.programme.code}-R{round_.number}-0001"
    assert application.submitted_by == member
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == [member.email]


def test_draft_can_be_saved_incomplete_and_the_check_page_lists_what_is_missing(client, member):
    client.force_login(member)
    application = ApplicationFactory(
        organisation=member.memberships.get().organisation, summary="", complete=False, requested_amount=None
    )

    missing = client.get(f"/portaal/aanvragen/{application.pk}/controleren/").context["missing"]

    assert len(missing) >= 5
    response = client.post(f"/portaal/aanvragen/{application.pk}/controleren/")
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.reference is None
    assert response.status_code == 200


def test_budget_lines_that_do_not_add_up_block_submission_with_the_totals_in_the_message(client, member):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    application.budget_lines.update(amount=Decimal("1000"))

    with pytest.raises(ValidationError) as error:
        services.submit(application=application, by=member, declared_truthful=True)

    assert "2.000,00" in str(error.value) or "2,000.00" in str(error.value)
    application.refresh_from_db()
    assert application.state == State.DRAFT


@pytest.mark.parametrize("amount", ["999.99", "25000.01"])
def test_an_amount_outside_the_rounds_minimum_and_maximum_blocks_submission(client, member, amount):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    Application.objects.filter(pk=application.pk).update(requested_amount=Decimal(amount))
    application.budget_lines.all().delete()
    application.budget_lines.create(description="Alles", amount=Decimal(amount))

    with pytest.raises(ValidationError):
        services.submit(application=application, by=member, declared_truthful=True)

    assert Application.objects.get(pk=application.pk).state == State.DRAFT


def test_submission_one_second_after_closing_is_refused_and_the_draft_is_kept(client, member):
    client.force_login(member)
    round_ = RoundFactory(closes_at=timezone.now() + timedelta(hours=1))
    application = ApplicationFactory(round=round_, organisation=member.memberships.get().organisation)

    with time_machine.travel(round_.closes_at + timedelta(seconds=1), tick=False):
        response = client.post(
            f"/portaal/aanvragen/{application.pk}/controleren/", {"declaration": "on"}, follow=True
        )

    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.summary
    assert "closed" in response.content.decode() or "gesloten" in response.content.decode()


def test_submission_one_second_before_closing_is_accepted(client, member):
    client.force_login(member)
    round_ = RoundFactory()
    application = ApplicationFactory(round=round_, organisation=member.memberships.get().organisation)

    with time_machine.travel(round_.closes_at - timedelta(seconds=1), tick=False):
        services.submit(application=application, by=member, declared_truthful=True)

    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_a_double_click_on_submit_gives_one_submission(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    url = f"/portaal/aanvragen/{application.pk}/controleren/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"declaration": "on"})
        client.post(url, {"declaration": "on"})

    application.refresh_from_db()
    assert application.reference.endswith("-0001")
    assert StatusChange.objects.filter(application=application, to_state=State.SUBMITTED).count() == 1
    assert len(mail.outbox) == 1


def test_references_count_up_per_round():
    round_ = RoundFactory()

    first = submitted_application(round=round_)
    second = submitted_application(round=round_)

    assert first.reference.endswith(f"R{round_.number}-0001")
    assert second.reference.endswith(f"R{round_.number}-0002")


def test_member_of_another_organisation_gets_404_for_the_application(client, member):
    client.force_login(member)
    other = ApplicationFactory()
    for url in ["", "bewerken/", "bijlagen/", "controleren/"]:
        assert client.get(f"/portaal/aanvragen/{other.pk}/{url}").status_code == 404
    assert client.post(f"/portaal/aanvragen/{other.pk}/controleren/").status_code == 404
    assert client.post(f"/portaal/aanvragen/{other.pk}/intrekken/").status_code == 404
    assert Application.objects.get(pk=other.pk).state == State.DRAFT


def test_organisation_awaiting_approval_cannot_start_an_application(client):
    membership = MembershipFactory(organisation=OrganisationFactory(status="requested"))
    client.force_login(membership.user)
    round_ = RoundFactory()

    response = client.post(
        f"/portaal/rondes/{round_.pk}/aanvragen/", {"organisation": membership.organisation.pk, "title": "x"}
    )

    assert response.status_code == 200
    assert not Application.objects.exists()


def test_an_unpublished_or_closed_round_is_not_offered(client, member):
    client.force_login(member)
    unpublished = RoundFactory(published_at=None)
    closed = RoundFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )

    assert client.get(f"/portaal/rondes/{unpublished.pk}/aanvragen/").status_code == 404
    assert client.get(f"/portaal/rondes/{closed.pk}/aanvragen/").status_code == 404
    listed = list(client.get("/portaal/rondes/").context["rounds"])
    assert unpublished not in listed and closed not in listed


def test_submitted_application_cannot_be_edited(client, member):
    client.force_login(member)
    application = submitted_application(organisation=member.memberships.get().organisation)

    with pytest.raises(ValidationError):
        services.save_draft(application=application, data={"title": "Anders"}, budget_lines=None, by=member)

    assert Application.objects.get(pk=application.pk).title != "Anders"


def test_information_request_reopens_only_the_requested_parts(client):
    round_ = RoundFactory(allocation_method="first_come")
    application = submitted_application(round=round_)
    member = application.organisation.memberships.get().user
    officer = UserFactory(roles=["beleidsmedewerker"])

    services.request_information(
        application=application, by=officer, message="Begroting graag", parts=[Part.BUDGET]
    )

    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    assert application.can_edit(Part.BUDGET) and not application.can_edit(Part.PLAN)
    with pytest.raises(ValidationError):
        services.save_draft(
            application=application, data={"title": "Ander plan"}, budget_lines=None, by=member
        )
    services.save_draft(
        application=application,
        data={"requested_amount": Decimal("8000")},
        budget_lines=[{"description": "Alles", "amount": Decimal("8000")}],
        by=member,
    )
    client.force_login(member)
    client.post(f"/portaal/aanvragen/{application.pk}/aanvullen/", {"answer": "Aangepast"})
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.reopened_parts == []
    assert application.requested_amount == Decimal("8000")
    assert application.information_requests.get().answer == "Aangepast"


def test_in_a_tender_round_an_information_request_may_only_ask_formal_items():
    application = submitted_application(round=RoundFactory(allocation_method="tender"))
    officer = UserFactory(roles=["beleidsmedewerker"])

    with pytest.raises(ValidationError):
        services.request_information(
            application=application, by=officer, message="Ander plan", parts=[Part.PLAN]
        )

    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED
    services.request_information(
        application=application, by=officer, message="Statuten", parts=[Part.ATTACHMENTS]
    )
    assert Application.objects.get(pk=application.pk).state == State.INFORMATION_REQUESTED


def test_answering_after_the_information_deadline_is_refused():
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))
    member = application.organisation.memberships.get().user
    request = services.request_information(
        application=application, by=UserFactory(), message="Statuten", parts=[Part.ATTACHMENTS]
    )

    day_after = timezone.make_aware(timezone.datetime.combine(request.deadline, timezone.datetime.min.time()))
    with time_machine.travel(day_after + timedelta(days=1, hours=1)), pytest.raises(ValidationError):
        services.answer_information_request(application=application, by=member)

    assert Application.objects.get(pk=application.pk).state == State.INFORMATION_REQUESTED


def test_member_withdraws_before_a_decision(client):
    application = submitted_application()
    client.force_login(application.organisation.memberships.get().user)

    client.post(f"/portaal/aanvragen/{application.pk}/intrekken/", {"reason": "Project gaat niet door"})

    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert application.history.last().note == "Project gaat niet door"


def test_withdrawing_after_a_decision_is_an_illegal_transition():
    application = submitted_application()
    Application.objects.filter(pk=application.pk).update(state=State.GRANTED)
    application.refresh_from_db()

    with pytest.raises(IllegalTransition):
        services.withdraw(application=application, by=UserFactory())

    assert Application.objects.get(pk=application.pk).state == State.GRANTED


def test_every_illegal_transition_raises_and_writes_nothing():
    application = ApplicationFactory()

    with pytest.raises(IllegalTransition):
        transition(application, State.GRANTED)

    assert Application.objects.get(pk=application.pk).state == State.DRAFT
    assert not StatusChange.objects.exists()


def test_portal_lists_only_the_members_own_applications(client, member):
    client.force_login(member)
    own = submitted_application(organisation=member.memberships.get().organisation)
    other = submitted_application()

    html = client.get("/portaal/").content.decode()

    assert own.reference in html
    assert other.reference not in html


def test_a_failing_mail_server_does_not_fail_the_submission(
    client, member, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(member)
    from tenders.services import applications as module

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(module, "send_mail", broken)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portaal/aanvragen/{application.pk}/controleren/", {"declaration": "on"})

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_an_error_in_a_budget_row_alone_is_listed_in_the_error_summary_with_a_link(client, member):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)

    response = client.post(
        f"/portaal/aanvragen/{application.pk}/bewerken/",
        draft_data(**{"budget-1-amount": "", "budget-2-amount": "-5"}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_budget-1-amount"' in summary  # the line without an amount
    assert 'href="#id_budget-2-amount"' in summary  # the negative amount
