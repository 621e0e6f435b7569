"""What the workflow answers to callers that ask instead of naming states."""

import pytest

from tenders import workflow
from tenders.models import ALLOWED_TRANSITIONS, AccountabilityReport, Application, State
from tests.factories import submitted_application


def in_state(state):
    return Application(state=state)


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (State.DRAFT, {"withdraw"}),
        (State.SUBMITTED, {"mark_eligible", "mark_ineligible", "request_information", "withdraw"}),
        (State.INFORMATION_REQUESTED, {"mark_ineligible", "withdraw"}),
        (State.ELIGIBLE, {"assign_assessor", "assess", "withdraw"}),
        (State.ASSESSED, {"decide", "withdraw"}),
        (State.GRANTED, {"pay_advance"}),
        (State.PARTIALLY_GRANTED, {"pay_advance"}),
        (
            State.ADVANCE_ORDERED,
            set(),
        ),  # it moves on when the payment batch is paid, no action on the application
        (State.REJECTED, set()),
        (State.REPORT_DUE, {"submit_report"}),
        (State.SETTLED, {"close"}),
        (State.SETTLEMENT_REOPENED, {"settle"}),
        (State.INELIGIBLE, {"refuse_ineligible"}),
        (State.SET_ASIDE, set()),
        (State.WITHDRAWN, set()),
    ],
)
def test_the_allowed_actions_follow_from_the_transition_table(state, actions):
    assert workflow.allowed_actions(in_state(state)) == actions


@pytest.mark.django_db
def test_asking_for_more_needs_a_submitted_report():
    # ADVANCE_PAID and REPORT_SUBMITTED allow the same changes; only a report makes "ask more" possible.
    application = submitted_application()
    Application.objects.filter(pk=application.pk).update(state=State.ADVANCE_PAID)
    application.refresh_from_db()
    assert workflow.allowed_actions(application) == {"settle"}

    AccountabilityReport.objects.create(
        application=application,
        activities="Drie avonden",
        reach_achieved=40,
        submitted_by=application.submitted_by,
    )
    Application.objects.filter(pk=application.pk).update(state=State.REPORT_SUBMITTED)
    application.refresh_from_db()
    assert workflow.allowed_actions(application) == {"settle", "ask_more"}


def test_reachable_states_follow_the_table():
    assert workflow.reachable_from(State.SETTLED) == {State.SETTLED, State.CLOSED, State.SETTLEMENT_REOPENED}
    assert State.WITHDRAWN in workflow.reachable_from(State.ASSESSED)
    assert State.DRAFT not in workflow.reachable_from(State.SUBMITTED)


def test_every_action_is_a_change_the_table_allows_from_some_state():
    for action in workflow.ACTIONS:
        if action == "ask_more":
            continue  # needs a report as well; covered above
        if action in {"set_aside", "continue_without_answer", "extend_information_request"}:
            continue  # need an open information request as well; covered in test_information_request_terms.py
        assert any(workflow.can(in_state(state), action) for state in ALLOWED_TRANSITIONS), action
