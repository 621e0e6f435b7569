"""The application rows and what hangs off them: budget lines, history, information requests,
assessments with their scores, decisions and the ledger.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.management.base import CommandError

from tenders.models import (
    ALLOWED_TRANSITIONS,
    AccountabilityReport,
    Application,
    Assessment,
    BudgetEntry,
    BudgetLine,
    Decision,
    InformationRequest,
    Payment,
    Score,
    Settlement,
    State,
    StatusChange,
)
from tenders.services.rounds import loading_submitted_content

from .generator import CENT, Generator
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


def write_money(gen: Generator, applications: list, plans: list[dict], rounds: dict) -> None:
    """Decisions, and the ledger as the services book it: commitment, advance, release, remainder, reclaim."""
    decided = [(a, p) for a, p in zip(applications, plans, strict=True) if "decision" in p]
    decisions = gen.save(
        Decision,
        [
            Decision(
                application=application,
                outcome=plan["decision"]["outcome"],
                granted_amount=plan["decision"]["amount"],
                reasons="Volgens de rangschikking van de ronde (Awb 4:25).",
                decided_by=gen.officer,
                decided_at=plan["decision"]["at"],
                objection_deadline=plan["decision"]["at"].date() + timedelta(weeks=6),
                report_due_on=(
                    application.ends_on + timedelta(weeks=application.round.report_due_weeks)
                    if plan["decision"]["amount"]
                    else None
                ),
                reporting=plan["decision"]["reporting"],
            )
            for application, plan in decided
        ],
    )
    entries, payments, reports, settlements = [], [], [], []

    def book(application, kind, amount, key, decision=None) -> BudgetEntry:
        entry = BudgetEntry(
            round=application.round,
            application=application,
            decision=decision,
            kind=kind,
            amount=amount,
            key=key,
            created_by=gen.officer,
        )
        entries.append(entry)
        return entry

    paid = {State.ADVANCE_PAID, State.REPORT_DUE, State.REPORT_SUBMITTED, State.SETTLED, State.CLOSED}
    for decision, (application, plan) in zip(decisions, decided, strict=True):
        granted, state = decision.granted_amount, application.state
        if not granted:
            continue
        book(application, BudgetEntry.Kind.COMMITMENT, granted, f"commit:{decision.pk}", decision)
        if state not in paid:
            continue
        advance = application.round.advance_for(granted)
        entry = book(application, BudgetEntry.Kind.ADVANCE, advance, f"advance:{application.pk}")
        payments.append(
            Payment(application=application, kind=Payment.Kind.ADVANCE, amount=advance, entry=entry)
        )
        settled = state in (State.SETTLED, State.CLOSED)
        if decision.reporting != "none" and state != State.REPORT_DUE:
            reports.append(
                AccountabilityReport(
                    application=application,
                    activities=TEXT,
                    reach_achieved=gen.rng.randint(20, 800),
                    costs_incurred=granted if decision.reporting == "activity_financial" else None,
                    submitted_by=plan["member"],
                    review="accepted" if settled else "pending",
                )
            )
        if not settled:
            continue
        final = granted if gen.rng.random() < 0.85 else (granted * Decimal("0.9")).quantize(CENT)
        settlements.append(Settlement(application=application, final_amount=final, settled_by=gen.officer))
        if final < granted:
            book(application, BudgetEntry.Kind.RELEASE, granted - final, f"settle-release:{application.pk}")
        if final > advance:
            entry = book(
                application, BudgetEntry.Kind.REMAINDER, final - advance, f"remainder:{application.pk}"
            )
            payments.append(
                Payment(
                    application=application,
                    kind=Payment.Kind.REMAINDER,
                    amount=final - advance,
                    entry=entry,
                )
            )
        elif final < advance:
            book(application, BudgetEntry.Kind.RECLAIM, advance - final, f"reclaim:{application.pk}")
    for round_ in rounds.values():
        signed = {BudgetEntry.Kind.COMMITMENT: 1, BudgetEntry.Kind.RELEASE: -1}
        committed = sum(e.amount * signed.get(e.kind, 0) for e in entries if e.round is round_)
        if committed > round_.ceiling:
            raise CommandError(
                f"Round {round_.number}: {committed} committed, over its ceiling {round_.ceiling}."
            )
    gen.save(BudgetEntry, entries)
    for payment in payments:
        payment.ordered_by = gen.officer
    gen.save(Payment, payments)
    gen.save(AccountabilityReport, reports)
    gen.save(Settlement, settlements)


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
