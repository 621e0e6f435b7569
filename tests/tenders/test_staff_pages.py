"""The policy officer's and assessors' pages: who may open them, what their actions change, query counts."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenders import services
from tenders.models import (
    Application,
    Assessment,
    Decision,
    InformationRequest,
    Objection,
    Round,
    Score,
    State,
    StatusChange,
)
from tenders.queries import TIE_BREAK_RULE, ranking
from tenders.services.applications import DECLARATION
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    submitted_application,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST_COME = Round.AllocationMethod.FIRST_COME


def messages_at(response, level):
    return [m for m in response.context["messages"] if m.level == level]


def shows_the_page_again_with_an_error(response):
    """A failed action shows the application page again (no redirect), with the error summary."""
    return (
        response.status_code == 200
        and not getattr(response, "redirect_chain", [])
        and 'id="error-summary"' in response.content.decode()
    )


def history(application):
    return list(
        StatusChange.objects.filter(application=application).values_list(
            "from_state", "to_state", "by", "note"
        )
    )


def snapshot(application):
    """What an officer's action may change: the state, the reason, the reopened parts and the history."""
    application = Application.objects.get(pk=application.pk)
    return (
        application.state,
        application.eligibility_reason,
        application.reopened_parts,
        StatusChange.objects.filter(application=application).count(),
        InformationRequest.objects.filter(application=application).count(),
        Assessment.objects.filter(application=application).count(),
    )


# Who may open the officer's pages.


@pytest.fixture
def staff_urls():
    """Every page under /medewerkers/ that answers a GET, with the objects they need."""
    officer = UserFactory(roles=["beleidsmedewerker"])
    round_ = RoundFactory()
    decided = assessed_application(round=round_, officer=officer)
    closed(round_)
    decision = services.decide(
        application=decided,
        outcome="granted",
        amount=decided.requested_amount,
        reasons="Past goed",
        by=officer,
    )
    services.pay_advance(application=decided, by=officer)
    submitted = submitted_application(round=RoundFactory(programme=round_.programme))
    return [
        f"/medewerkers/rondes/{round_.pk}/beoordelaars/",
        "/medewerkers/rondes/",
        f"/medewerkers/rondes/{round_.pk}/",
        f"/medewerkers/rondes/{round_.pk}/rangschikking/",
        f"/medewerkers/rondes/{round_.pk}/besluiten/",
        f"/medewerkers/rondes/{round_.pk}/betalingen/",
        f"/medewerkers/programma/{round_.programme_id}/",
        f"/medewerkers/besluiten/{decision.pk}/brief.pdf",
        f"/medewerkers/aanvragen/{submitted.pk}/",
        f"/medewerkers/aanvragen/{decided.pk}/",
        f"/en/medewerkers/rondes/{round_.pk}/",
        f"/en/medewerkers/aanvragen/{submitted.pk}/",
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, staff_urls):
    for url in staff_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.url and "next=" in response.url, url


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: MembershipFactory().user, id="organisation member"),
        pytest.param(lambda: UserFactory(roles=["beoordelaar"]), id="assessor"),
        pytest.param(lambda: UserFactory(roles=["regisseur", "netwerkmedewerker"]), id="other staff roles"),
        pytest.param(lambda: UserFactory(is_staff=True, is_superuser=True), id="superuser"),
    ],
)
def test_only_policy_officers_may_open_the_staff_pages(client, staff_urls, make_user):
    client.force_login(make_user())

    refused = {url: client.get(url).status_code for url in staff_urls}

    assert refused == dict.fromkeys(staff_urls, 403)


def test_a_policy_officer_opens_every_staff_page(client, staff_urls, officer):
    client.force_login(officer)
    responses = {url: client.get(url) for url in staff_urls}

    assert {url: r.status_code for url, r in responses.items()} == dict.fromkeys(staff_urls, 200)
    content_types = {url.rsplit("/", 1)[-1]: r["Content-Type"] for url, r in responses.items()}
    assert content_types["brief.pdf"] == "application/pdf"


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: MembershipFactory().user, id="organisation member"),
        pytest.param(lambda: UserFactory(roles=["beoordelaar"]), id="assessor"),
    ],
)
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("ontvankelijk", {}),
        ("niet-ontvankelijk", {"reason": "Geen Maastrichts project"}),
        ("aanvulverzoek", {"message": "Statuten ontbreken", "parts": ["attachments"]}),
    ],
)
def test_only_policy_officers_may_act_on_an_application(client, make_user, action, data):
    application = submitted_application()
    before = snapshot(application)
    url = f"/medewerkers/aanvragen/{application.pk}/{action}/"

    response = client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(make_user())
    assert client.post(url, data).status_code == 403

    assert snapshot(application) == before


def test_the_own_organisations_member_cannot_mark_its_application_eligible(client):
    application = submitted_application()
    client.force_login(application.submitted_by)

    assert client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/").status_code == 403
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_opening_an_actions_confirmation_page_changes_nothing(client, officer):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    response = client.get(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/")

    assert response.status_code == 200
    assert snapshot(application) == before


def test_an_unknown_action_changes_nothing(client, officer):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/approve_everything/")

    assert response.status_code in {403, 404}
    assert snapshot(application) == before


# Eligibility.


def test_the_officer_marks_an_application_eligible(client, officer):
    client.force_login(officer)
    application = submitted_application()

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/", follow=True)

    assert response.redirect_chain[-1][0] == f"/medewerkers/aanvragen/{application.pk}/"
    assert messages_at(response, message_levels.SUCCESS)
    assert Application.objects.get(pk=application.pk).state == State.ELIGIBLE
    assert history(application)[-1] == (State.SUBMITTED, State.ELIGIBLE, officer.pk, "")


def test_the_officer_marks_an_application_ineligible_with_a_reason(client, officer):
    client.force_login(officer)
    application = submitted_application()

    client.post(
        f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/",
        {"reason": "  Geen Maastrichts project "},
    )

    application.refresh_from_db()
    assert (application.state, application.eligibility_reason) == (
        State.INELIGIBLE,
        "Geen Maastrichts project",
    )
    assert history(application)[-1] == (
        State.SUBMITTED,
        State.INELIGIBLE,
        officer.pk,
        "Geen Maastrichts project",
    )


@pytest.mark.parametrize(
    "data", [{}, {"reason": ""}, {"reason": "   \n "}], ids=["missing", "empty", "blank"]
)
def test_ineligible_without_a_reason_changes_nothing(client, officer, data):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/", data, follow=True)

    assert shows_the_page_again_with_an_error(response)
    assert snapshot(application) == before


def test_the_service_refuses_ineligible_without_a_reason_too(client, officer):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    with pytest.raises(ValidationError):
        services.mark_ineligible(application=application, by=officer, reason="  ")

    assert snapshot(application) == before


def test_an_application_awaiting_information_can_still_be_found_ineligible(client, officer):
    client.force_login(officer)
    application = submitted_application()
    services.request_information(
        application=application, by=officer, message="Statuten?", parts=["attachments"]
    )

    client.post(f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/", {"reason": "Niets ontvangen"})

    assert Application.objects.get(pk=application.pk).state == State.INELIGIBLE
    assert history(application)[-1][:3] == (State.INFORMATION_REQUESTED, State.INELIGIBLE, officer.pk)


# Information requests (aanvulverzoek, Awb 4:5).


@pytest.mark.parametrize(
    ("sent_on", "deadline"),
    [
        pytest.param(datetime(2025, 2, 17, 10, 0, tzinfo=AMSTERDAM), date(2025, 3, 3), id="a monday"),
        pytest.param(
            datetime(2025, 2, 15, 10, 0, tzinfo=AMSTERDAM), date(2025, 3, 3), id="ends on a saturday"
        ),
        pytest.param(
            datetime(2025, 2, 16, 23, 30, tzinfo=AMSTERDAM), date(2025, 3, 3), id="ends on a sunday"
        ),
        pytest.param(
            datetime(2026, 4, 13, 9, 0, tzinfo=AMSTERDAM), date(2026, 4, 28), id="ends on kings day"
        ),
        pytest.param(
            datetime(2025, 2, 14, 0, 30, tzinfo=AMSTERDAM),
            date(2025, 2, 28),
            id="just after midnight in Amsterdam",
        ),
    ],
)
def test_an_information_request_reopens_the_parts_with_a_deadline_on_a_working_day(
    client, settings, sent_on, deadline
):
    settings.INFORMATION_REQUEST_DAYS = 14
    with time_machine.travel(sent_on, tick=False):
        officer = UserFactory(roles=["beleidsmedewerker"])
        application = submitted_application()
        client.force_login(officer)

        client.post(
            f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/",
            {"message": "De statuten en een telefoonnummer ontbreken", "parts": ["contact", "attachments"]},
        )

    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    assert application.reopened_parts == ["attachments", "contact"]
    request = InformationRequest.objects.get(application=application)
    assert (request.requested_by, request.message, request.parts) == (
        officer,
        "De statuten en een telefoonnummer ontbreken",
        ["attachments", "contact"],
    )
    assert request.deadline == deadline
    assert request.deadline.weekday() < 5
    assert history(application)[-1][:3] == (State.SUBMITTED, State.INFORMATION_REQUESTED, officer.pk)


@pytest.mark.parametrize("parts", [["plan"], ["budget"], ["attachments", "plan"], ["contact", "budget"]])
def test_a_tender_round_refuses_to_reopen_the_plan_or_the_amount(client, officer, parts):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    response = client.post(
        f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/",
        {"message": "Kunt u het plan aanscherpen?", "parts": parts},
        follow=True,
    )

    assert shows_the_page_again_with_an_error(response)
    assert snapshot(application) == before


@pytest.mark.parametrize("parts", [["plan"], ["budget"]])
def test_the_service_refuses_the_plan_or_the_amount_in_a_tender_round_too(client, officer, parts):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    with pytest.raises(ValidationError):
        services.request_information(application=application, by=officer, message="Meer graag", parts=parts)

    assert snapshot(application) == before


def test_a_first_come_round_may_reopen_the_plan_and_the_amount(client, officer):
    client.force_login(officer)
    application = submitted_application(round=RoundFactory(allocation_method=FIRST_COME))

    client.post(
        f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/",
        {"message": "Het budget klopt niet met het plan", "parts": ["plan", "budget"]},
    )

    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    assert application.reopened_parts == ["budget", "plan"]
    assert application.can_edit("plan") and application.can_edit("budget")
    assert not application.can_edit("contact")
    assert InformationRequest.objects.get(application=application).parts == ["budget", "plan"]


@pytest.mark.parametrize(
    "data",
    [{"message": "", "parts": ["attachments"]}, {"message": "Statuten ontbreken"}],
    ids=["no message", "no parts"],
)
def test_an_information_request_needs_a_message_and_parts(client, officer, data):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/", data, follow=True)

    assert shows_the_page_again_with_an_error(response)
    assert snapshot(application) == before


# Illegal transitions: an error message, never a server error, and nothing changes.


def _draft(officer):
    return ApplicationFactory()


def _ineligible(officer):
    return services.mark_ineligible(
        application=submitted_application(), by=officer, reason="Buiten de gemeente"
    )


def _eligible(officer):
    return services.mark_eligible(application=submitted_application(), by=officer)


def _information_requested(officer):
    application = submitted_application()
    services.request_information(
        application=application, by=officer, message="Statuten?", parts=["attachments"]
    )
    return application


def _assessed(officer):
    return assessed_application(officer=officer)


def _withdrawn(officer):
    application = submitted_application()
    return services.withdraw(application=application, by=application.submitted_by)


REQUEST = {"message": "Statuten ontbreken", "parts": ["attachments"]}
REASON = {"reason": "Geen Maastrichts project"}


@pytest.mark.parametrize(
    ("make_application", "action", "data"),
    [
        pytest.param(_draft, "ontvankelijk", {}, id="draft to eligible"),
        pytest.param(_draft, "niet-ontvankelijk", REASON, id="draft to ineligible"),
        pytest.param(_draft, "aanvulverzoek", REQUEST, id="draft to information requested"),
        pytest.param(_ineligible, "ontvankelijk", {}, id="ineligible to eligible"),
        pytest.param(_ineligible, "aanvulverzoek", REQUEST, id="ineligible to information requested"),
        pytest.param(_eligible, "ontvankelijk", {}, id="eligible again"),
        pytest.param(_eligible, "niet-ontvankelijk", REASON, id="eligible to ineligible"),
        pytest.param(_information_requested, "ontvankelijk", {}, id="information requested to eligible"),
        pytest.param(_information_requested, "aanvulverzoek", REQUEST, id="a second information request"),
        pytest.param(_assessed, "niet-ontvankelijk", REASON, id="assessed to ineligible"),
        pytest.param(_withdrawn, "ontvankelijk", {}, id="withdrawn to eligible"),
        pytest.param(_draft, "beoordelaars", None, id="assessor on a draft"),
        pytest.param(
            _information_requested, "beoordelaars", None, id="assessor while information is requested"
        ),
    ],
)
def test_an_illegal_transition_shows_an_error_and_changes_nothing(
    client, officer, make_application, action, data
):
    client.force_login(officer)
    application = make_application(officer)
    if data is None:
        data = {"assessor": UserFactory(roles=["beoordelaar"]).pk}
    before = snapshot(application)

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/{action}/", data, follow=True)

    assert response.status_code == 200
    assert shows_the_page_again_with_an_error(response)
    assert not messages_at(response, message_levels.SUCCESS)
    assert snapshot(application) == before


# The history: every state change leaves a row with who made it.


def test_every_state_change_is_written_to_the_history_with_who_made_it(client, officer):
    client.force_login(officer)
    round_ = RoundFactory()
    criterion = CriterionFactory(round=round_)
    application = submitted_application(round=round_)
    member = application.submitted_by
    assessors = [UserFactory(roles=["beoordelaar"]) for _ in range(2)]

    client.post(f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/", REQUEST)
    services.answer_information_request(application=application, by=member, answer="Bijgevoegd")
    client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/")
    for assessor in assessors:
        client.post(f"/medewerkers/aanvragen/{application.pk}/beoordelaars/", {"assessor": assessor.pk})
    for assessment in Assessment.objects.filter(application=application):
        services.save_scores(assessment=assessment, scores={criterion.pk: (8, "Goed plan")}, submit=True)
    closed(round_)
    client.post(
        f"/medewerkers/aanvragen/{application.pk}/besluit/",
        {"outcome": "granted", "amount": "10000.00", "reasons": "Hoog gerangschikt"},
    )

    steps = [(f, t, by) for f, t, by, _note in history(application)]
    assert steps == [
        (State.DRAFT, State.SUBMITTED, member.pk),
        (State.SUBMITTED, State.INFORMATION_REQUESTED, officer.pk),
        (State.INFORMATION_REQUESTED, State.SUBMITTED, member.pk),
        (State.SUBMITTED, State.ELIGIBLE, officer.pk),
        (State.ELIGIBLE, State.ASSESSED, None),
        (State.ASSESSED, State.GRANTED, officer.pk),
    ]
    assert Application.objects.get(pk=application.pk).state == State.GRANTED
    page_history = client.get(f"/medewerkers/aanvragen/{application.pk}/").context["history"]
    assert [(c.from_state, c.to_state) for c in page_history] == [(f, t) for f, t, _by in steps]


def test_an_ineligible_decision_keeps_its_reason_in_the_history(client, officer):
    client.force_login(officer)
    application = submitted_application()

    client.post(
        f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/",
        {"reason": "Aanvrager is geen stichting"},
    )

    assert history(application) == [
        (State.DRAFT, State.SUBMITTED, application.submitted_by.pk, str(DECLARATION)),
        (State.SUBMITTED, State.INELIGIBLE, officer.pk, "Aanvrager is geen stichting"),
    ]


# What the officer's pages show.


def test_the_round_page_lists_submitted_applications_of_the_round_only(client, officer):
    client.force_login(officer)
    round_ = RoundFactory()
    submitted = submitted_application(round=round_)
    eligible = services.mark_eligible(application=submitted_application(round=round_), by=officer)
    draft = ApplicationFactory(round=round_, title="Nog een concept")
    elsewhere = submitted_application()

    response = client.get(f"/medewerkers/rondes/{round_.pk}/")

    listed = {a.pk for a in response.context["applications"]}
    assert listed == {submitted.pk, eligible.pk}
    html = response.content.decode()
    assert submitted.reference in html and eligible.reference in html
    assert "Nog een concept" not in html and draft.pk not in listed
    assert elsewhere.reference not in html


def test_the_round_page_counts_assessors_without_those_with_a_conflict(client, officer):
    client.force_login(officer)
    round_ = RoundFactory()
    criterion = CriterionFactory(round=round_)
    application = services.mark_eligible(application=submitted_application(round=round_), by=officer)
    conflicted, done, busy = (UserFactory(roles=["beoordelaar"]) for _ in range(3))
    assessments = {
        user: services.assign_assessor(application=application, assessor=user, by=officer)
        for user in (conflicted, done, busy)
    }
    services.declare_conflict(assessment=assessments[conflicted], note="Familie")  # no one free to take over
    services.save_scores(assessment=assessments[done], scores={criterion.pk: (7, "Goed")}, submit=True)

    [row] = client.get(f"/medewerkers/rondes/{round_.pk}/").context["applications"]

    assert (row.assessors, row.assessed) == (2, 1)


def test_the_round_page_budget_total_does_not_depend_on_the_number_of_assessors(client, officer):
    client.force_login(officer)
    round_ = RoundFactory()
    assessed = assessed_application(round=round_, officer=officer, requested_amount=Decimal("10000"))
    fresh = submitted_application(round=round_, requested_amount=Decimal("10000"))

    rows = {a.pk: a for a in client.get(f"/medewerkers/rondes/{round_.pk}/").context["applications"]}

    assert rows[fresh.pk].budget_total == Decimal("10000")  # two budget lines, no assessors
    assert rows[assessed.pk].budget_total == Decimal("10000")  # two budget lines, two assessors


def test_the_assign_form_offers_only_active_assessors_not_yet_assigned(client, officer):
    client.force_login(officer)
    application = services.mark_eligible(application=submitted_application(), by=officer)
    assigned, free = UserFactory(roles=["beoordelaar"]), UserFactory(roles=["beoordelaar"])
    inactive = UserFactory(roles=["beoordelaar"], is_active=False)
    services.assign_assessor(application=application, assessor=assigned, by=officer)

    form = client.get(f"/medewerkers/aanvragen/{application.pk}/").context["assign_form"]

    assert list(form.fields["assessor"].queryset) == [free]
    assert inactive not in form.fields["assessor"].queryset


# Every action has its own URL; a refused action shows the page again with what was typed.

ACTION_SEGMENTS = [
    "ontvankelijk", "niet-ontvankelijk", "aanvulverzoek", "beoordelaars", "besluit", "voorschot",
    "verantwoording-aanvullen", "vaststelling", "bezwaar", "bezwaar/besluit",
]  # fmt: skip


# Declaring eligible and paying an advance cannot be undone: their GET is a confirmation page (test_confirmations.py).
@pytest.mark.parametrize("segment", sorted(set(ACTION_SEGMENTS) - {"ontvankelijk", "voorschot"}))
def test_every_action_url_only_accepts_a_post(client, officer, segment):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)

    assert client.get(f"/medewerkers/aanvragen/{application.pk}/{segment}/").status_code == 405
    assert snapshot(application) == before


def typed_into(html, field_id):
    """The text in the textarea with this id, as the page shows it again."""
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    return match and match.group(1).strip()


def test_a_refused_decision_shows_the_page_again_with_the_typed_reasons(client, officer):
    client.force_login(officer)
    application = assessed_application(officer=officer, requested_amount=Decimal("10000"))
    reasons = "Een lange motivering die de medewerker niet opnieuw wil typen."

    response = client.post(
        f"/medewerkers/aanvragen/{application.pk}/besluit/",
        {"outcome": "granted", "amount": "12000.00", "reasons": reasons},
    )

    assert shows_the_page_again_with_an_error(response)
    html = response.content.decode()
    assert typed_into(html, "decision-reasons") == reasons
    assert 'value="12000.00"' in html
    assert "10.000" in html  # the refusal names the requested amount
    assert not Decision.objects.filter(application=application).exists()
    assert Application.objects.get(pk=application.pk).state == State.ASSESSED
    assert not response.context["objection_form"].is_bound  # the other forms stay as they were


def test_a_decision_with_an_invalid_amount_shows_the_error_beside_the_amount(client, officer):
    client.force_login(officer)
    application = assessed_application(officer=officer)
    reasons = "Past goed in de ronde."

    response = client.post(
        f"/medewerkers/aanvragen/{application.pk}/besluit/",
        {"outcome": "granted", "amount": "veel", "reasons": reasons},
    )

    assert shows_the_page_again_with_an_error(response)
    html = response.content.decode()
    assert 'id="decision-amount_error"' in html
    assert 'href="#decision-amount"' in html  # the error summary links to the field
    assert typed_into(html, "decision-reasons") == reasons
    assert not Decision.objects.filter(application=application).exists()


def test_a_refused_ineligible_shows_the_page_again_with_the_typed_reason(client, officer):
    client.force_login(officer)
    application = services.mark_eligible(application=submitted_application(), by=officer)
    reason = "Het project vindt buiten Maastricht plaats, zie de begroting."

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/", {"reason": reason})

    assert shows_the_page_again_with_an_error(response)
    assert typed_into(response.content.decode(), "ineligible-reason") == reason
    application.refresh_from_db()
    assert (application.state, application.eligibility_reason) == (State.ELIGIBLE, "")


def test_an_information_request_without_parts_shows_the_error_beside_the_parts(client, officer):
    client.force_login(officer)
    application = submitted_application()
    before = snapshot(application)
    message = "De statuten ontbreken en het telefoonnummer klopt niet."

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/", {"message": message})

    assert shows_the_page_again_with_an_error(response)
    html = response.content.decode()
    assert 'id="request-parts_error"' in html
    assert typed_into(html, "request-message") == message
    assert snapshot(application) == before


# Assessors, the ranking and query counts.


def test_two_assessors_are_needed_before_an_application_is_assessed():
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    first = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )

    services.save_scores(assessment=first, scores={criterion.pk: (7, "Goed")}, submit=True)

    assert Application.objects.get(pk=application.pk).state == State.ELIGIBLE
    second = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )
    services.save_scores(assessment=second, scores={criterion.pk: (6, "Redelijk")}, submit=True)
    assert Application.objects.get(pk=application.pk).state == State.ASSESSED


def test_assessor_with_a_conflict_is_replaced_and_loses_access(client):
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    conflicted = UserFactory(roles=["beoordelaar"])
    spare = UserFactory(roles=["beoordelaar"])
    assessment = services.assign_assessor(application=application, assessor=conflicted, by=officer)
    services.save_scores(assessment=assessment, scores={criterion.pk: (5, "Concept")}, submit=False)
    client.force_login(conflicted)

    client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": "Ik ben bestuurslid"})

    assessment.refresh_from_db()
    assert assessment.has_conflict
    assert not Score.objects.filter(assessment=assessment).exists()
    assert Assessment.objects.filter(application=application, assessor=spare, has_conflict=False).exists()
    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores={criterion.pk: (9, "x")}, submit=True)


def test_assessors_see_only_their_own_scores_and_assignments(client):
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    one, other = UserFactory(roles=["beoordelaar"]), UserFactory(roles=["beoordelaar"])
    mine = services.assign_assessor(application=application, assessor=one, by=officer)
    theirs = services.assign_assessor(application=application, assessor=other, by=officer)
    services.save_scores(assessment=theirs, scores={criterion.pk: (3, "Geheime motivering")}, submit=False)
    client.force_login(one)

    html = client.get(f"/beoordelen/{mine.pk}/").content.decode()

    assert "Geheime motivering" not in html
    assert client.get(f"/beoordelen/{theirs.pk}/").status_code == 404
    client.force_login(MembershipFactory().user)
    assert client.get("/beoordelen/").status_code == 403


def test_a_score_above_the_maximum_is_refused():
    application = submitted_application()
    criterion = CriterionFactory(round=application.round, maximum_score=5)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    assessment = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )

    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores={criterion.pk: (6, "Te hoog")}, submit=True)

    assert not Score.objects.exists()


def test_ranking_breaks_ties_by_the_moment_of_completeness():
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criterion = CriterionFactory(round=round_)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        later = assessed_application(round=round_, criteria=[criterion], scores=(8, 8))
    earlier = assessed_application(round=round_, criteria=[criterion], scores=(8, 8))
    best = assessed_application(round=round_, criteria=[criterion], scores=(9, 9))

    rows = ranking(round_)

    assert [r.application_id for r in rows] == [best.pk, earlier.pk, later.pk]
    assert [r.funding for r in rows] == ["full", "full", "partial"]
    assert rows[2].fundable_amount == Decimal("5000")


def test_applications_below_the_minimum_score_are_not_ranked():
    round_ = RoundFactory(minimum_total_score=Decimal("6"))
    criterion = CriterionFactory(round=round_)
    low = assessed_application(round=round_, criteria=[criterion], scores=(5, 5))

    rows = ranking(round_)

    assert [(r.application_id, r.position, r.funding) for r in rows] == [(low.pk, None, "below_minimum")]


def test_ranking_page_shows_the_tie_break_rule_and_exports_neutralised_csv(client, officer, download_export):
    client.force_login(officer)
    round_ = RoundFactory()
    assessed_application(round=round_, title="=HYPERLINK(1)")

    html = client.get(f"/medewerkers/rondes/{round_.pk}/rangschikking/").content.decode()
    csv = download_export(client, "ranking", "csv", round=round_.pk).decode("utf-8-sig")

    assert str(TIE_BREAK_RULE)[:40] in html
    assert "'=HYPERLINK(1)" in csv


@pytest.mark.parametrize("page", ["rondes/{pk}/", "rondes/{pk}/rangschikking/"])
def test_round_pages_run_a_fixed_number_of_queries(client, officer, page):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criterion = CriterionFactory(round=round_)
    for _ in range(2):
        assessed_application(round=round_, criteria=[criterion], officer=officer)
    url = "/medewerkers/" + page.format(pk=round_.pk)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(6):
        assessed_application(round=round_, criteria=[criterion], officer=officer)

    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_admin_application_list_runs_a_fixed_number_of_queries_whatever_the_rounds(client):
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    submitted_application()
    url = "/admin/tenders/application/"
    client.get(url)
    cache.clear()  # the whole list's count is cached under the data version: compare two visits that count
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        submitted_application()  # each in a round (and programme) of its own

    cache.clear()
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200

    assert len(five) == len(one)


def test_a_refused_decision_on_an_objection_shows_its_form_again_beside_the_objection(client, officer):
    client.force_login(officer)
    application = assessed_application(officer=officer, requested_amount=Decimal("10000"))
    closed(application.round)
    decision = services.decide(
        application=application,
        outcome="partially_granted",
        amount=Decimal("6000"),
        reasons="Deels",
        by=officer,
    )
    objection = services.register_objection(
        decision=decision, received_on=timezone.localdate(), grounds="Te weinig", by=officer
    )
    reasons = "Het bezwaar is gegrond: de begroting was wel volledig."

    response = client.post(
        f"/medewerkers/aanvragen/{application.pk}/bezwaar/besluit/",
        {"objection": objection.pk, "upheld": "1", "amount": "5000", "reasons": reasons},
    )

    assert shows_the_page_again_with_an_error(response)
    assert typed_into(response.content.decode(), f"objection-decision-{objection.pk}-reasons") == reasons
    objection.refresh_from_db()
    assert objection.status == Objection.Status.PENDING
    assert Decision.objects.filter(application=application).count() == 1
