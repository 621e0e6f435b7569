"""The application rows and what hangs off them: budget lines, history, information requests, and
assessments with their scores (decisions and the money after them: money.py).
"""

from datetime import timedelta
from decimal import Decimal

from django.core.management.base import CommandError

from tenders import totals
from tenders.models import (
    ALLOWED_TRANSITIONS,
    Application,
    Assessment,
    BudgetLine,
    InformationRequest,
    Score,
    State,
    StatusChange,
)
from tenders.services.rounds import loading_submitted_content

from .generator import Generator
from .words import ACTIVITIES, TEXT


def write_applications(gen: Generator, plans: list[dict], rounds: dict) -> list:
    rng = gen.rng
    applications = []
    for plan in plans:
        round_, state = rounds[plan["round"]], plan["state"]
        starts = round_.closes_at.date() + timedelta(days=rng.randint(60, 120))
        submitted_at = None if state == State.DRAFT else plan["submitted_at"]
        applications.append(
            Application(
                round=round_,
                organisation=plan["organisation"],
                created_by=plan["member"],
                submitted_by=plan["member"] if submitted_at else None,
                title=f"{rng.choice(ACTIVITIES)} {rng.choice(gen.hoods).name}",
                summary=TEXT[:120],
                plan=TEXT,
                expected_reach=rng.randint(20, 800),
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randint(60, 300)),
                requested_amount=plan["amount"],
                state=state,
                reference=plan.get("reference") if submitted_at else None,
                submitted_at=submitted_at,
                complete_at=submitted_at,
                reopened_parts=["attachments"] if state == State.INFORMATION_REQUESTED else [],
                eligibility_reason="Valt buiten de doelen van de regeling."
                if state == State.INELIGIBLE
                else "",
            )
        )
    applications = gen.save(Application, applications)
    gen.tags(Application, applications)

    lines, history, requests = [], [], []
    by_applicant = {State.SUBMITTED, State.WITHDRAWN, State.REPORT_SUBMITTED}
    for application, plan in zip(applications, plans, strict=True):
        left = plan["amount"]
        for part in range(rng.randint(0, 2)):
            share = (left * Decimal(rng.uniform(0.3, 0.6))).quantize(Decimal("1"))
            if 0 < share < left:
                lines.append(
                    BudgetLine(application=application, description=f"Kosten {part + 1}", amount=share)
                )
                left -= share
        lines.append(
            BudgetLine(application=application, description="Activiteiten en materiaal", amount=left)
        )
        decision = plan.get("decision", {})
        for from_state, to_state in path_to(
            plan["state"], outcome=decision.get("outcome", ""), reporting=decision.get("reporting", "")
        ):
            by = plan["member"] if to_state in by_applicant else gen.officer
            history.append(
                StatusChange(application=application, from_state=from_state, to_state=to_state, by=by)
            )
        if plan["state"] == State.INFORMATION_REQUESTED:
            requests.append(
                InformationRequest(
                    application=application,
                    requested_by=gen.officer,
                    parts=["attachments"],
                    message="Stuur de statuten van de organisatie mee.",
                    deadline=gen.today + timedelta(days=7),
                )
            )
    # The lines of applications that are already past submission: a load, which the database's guard on
    # submitted content lets through only when the connection says so (tenders migration 0005).
    with loading_submitted_content():
        gen.save(BudgetLine, lines)
    gen.save(StatusChange, history)
    gen.save(InformationRequest, requests)
    return applications


def write_assessments(gen: Generator, applications: list, plans: list[dict], criteria: list) -> None:
    of_round = {}
    for criterion in criteria:
        of_round.setdefault(criterion.round_id, []).append(criterion)
    assessments = []
    for application, plan in zip(applications, plans, strict=True):
        if not plan["scores"]:
            continue
        submitted_at = application.round.closes_at + timedelta(days=gen.rng.randint(5, 19))
        for assessor, row in zip(gen.rng.sample(gen.assessors, 2), plan["scores"], strict=True):
            assessment = Assessment(
                application=application,
                assessor=assessor,
                assigned_by=gen.officer,
                submitted_at=submitted_at if row is not None else None,
            )
            assessments.append((assessment, row))
    created = gen.save(Assessment, [assessment for assessment, _row in assessments])
    gen.save(
        Score,
        [
            Score(assessment=assessment, criterion=criterion, score=score, motivation="Goed onderbouwd.")
            for assessment, (_same, row) in zip(created, assessments, strict=True)
            if row is not None
            for criterion, score in zip(of_round[assessment.application.round_id], row, strict=True)
        ],
    )
    # Written without the services, so the totals the ranking reads are kept here, a round at a time.
    for round_ in {application.round for application in applications}:
        totals.refresh_round(round_)


def path_to(state: str, *, outcome: str = "", reporting: str = "") -> list[tuple[str, str]]:
    """The (from, to) steps from draft to `state` along ALLOWED_TRANSITIONS, as the services take them.

    After a grant (`outcome`) the advance is paid; then a report is due, unless reporting is "none".
    """
    before = {
        State.DRAFT: [],
        State.SUBMITTED: [State.SUBMITTED],
        State.INFORMATION_REQUESTED: [State.SUBMITTED, State.INFORMATION_REQUESTED],
        State.INELIGIBLE: [State.SUBMITTED, State.INELIGIBLE],
        State.WITHDRAWN: [State.SUBMITTED, State.WITHDRAWN],
        State.ELIGIBLE: [State.SUBMITTED, State.ELIGIBLE],
        State.ASSESSED: [State.SUBMITTED, State.ELIGIBLE, State.ASSESSED],
    }
    if state in before:
        states = before[state]
    else:
        states = [State.SUBMITTED, State.ELIGIBLE, State.ASSESSED, outcome]
        if state != outcome:
            states += [State.ADVANCE_ORDERED, State.ADVANCE_PAID]
            if reporting != "none" and state != State.ADVANCE_PAID:
                states.append(State.REPORT_DUE)
                if state != State.REPORT_DUE:
                    states.append(State.REPORT_SUBMITTED)
            if state in (State.SETTLED, State.CLOSED):
                states.append(State.SETTLED)
            if state == State.CLOSED:
                states.append(State.CLOSED)
    steps, previous = [], State.DRAFT
    for next_state in states:
        if next_state not in ALLOWED_TRANSITIONS[previous]:
            raise CommandError(
                f"No transition from {previous} to {next_state}: the generator's paths are wrong."
            )
        steps.append((previous, next_state))
        previous = next_state
    if previous != state:
        raise CommandError(f"The path to {state} ends in {previous}.")
    return steps
