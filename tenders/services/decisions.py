"""Decisions, payments, accountability and settlement — every euro through the ledger (objections: objections.py).

The invariant: a round's committed money (without decisions on objection) never exceeds its
ceiling. Every write that commits money locks the round row first (select_for_update), so
concurrent grants are serialised and each sees the ledger as the previous one left it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import Organisation
from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from maastricht_inclusie.money import CENT, euro

from .. import ledger, letters
from ..models import (
    AccountabilityReport,
    Application,
    BudgetEntry,
    Decision,
    Payment,
    Round,
    State,
)
from ..workflow import can, transition
from . import binding, objection_outcomes

Outcome = Decision.Outcome
Kind = BudgetEntry.Kind


def _lock_round(application: Application) -> Round:
    return Round.objects.select_for_update().select_related("programme").get(pk=application.round_id)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _check_bank_account(application: Application) -> None:
    """No payment to a bank account an officer has not verified since its last change (the organisation row is
    locked, so a change of account cannot slip in between this check and the payment)."""
    organisation = Organisation.objects.select_for_update().get(pk=application.organisation_id)
    if not organisation.has_verified_iban:
        raise ValidationError(
            _("%(name)s has no verified bank account: verify its IBAN before paying.")
            % {"name": organisation.name}
        )


def _book(*, application, kind, amount, key, by, decision=None, is_objection=False) -> BudgetEntry:
    return BudgetEntry.objects.create(
        round_id=application.round_id, application=application, decision=decision, kind=kind, amount=amount,
        key=key, created_by=by, is_objection=is_objection,
    )  # fmt: skip


@transaction.atomic
def decide(
    *,
    application: Application,
    outcome: str,
    amount: Decimal,
    reasons: str,
    by,
    ceiling_reached: bool = False,
) -> Decision:
    """Decide on an assessed application (beschikking tot verlening, Awb 4:21), committing the amount to the round;
    the letter is rendered and stored now and sent after commit (Awb 3:41).

    The ranking binds (Awb 4:25–4:27): a tender round is decided after closing, once every eligible application is
    assessed; in every round the decisions follow the ranking (a first-come round: the order of completeness), and
    no grant is more than the ranking allocates. The ceiling is checked against the ledger under the round's lock.
    """
    round_ = _lock_round(application)
    application = _lock(application)
    # A setting aside revoked on objection: the application is decided after all, as part of that decision.
    revoked = objection_outcomes.revoked_set_aside(application)
    if application.decisions.exists() and revoked is None:
        raise ValidationError(_("%(ref)s has already been decided.") % {"ref": application.reference})
    if not can(application, "decide"):
        raise ValidationError(_("Only an assessed application can be decided."))
    amount = Decimal(amount or 0).quantize(CENT)
    if outcome == Outcome.REJECTED:
        amount = Decimal("0.00")
    elif amount <= 0:
        raise ValidationError(_("A grant needs an amount above zero."))
    if amount > application.requested_amount:
        raise ValidationError(
            _("The granted amount cannot be more than the requested %(amount)s.")
            % {"amount": euro(application.requested_amount)}
        )
    if revoked is not None:
        # Part of the decision on objection (Awb 7:11): judged like every grant on objection, against the objection
        # reserve plus what is left under the ceiling (Awb 4:25(3)), not against the ranking of the round decision.
        return issue(round_=round_, application=application, amount=amount, reasons=reasons, by=by,
                     on_objection=revoked.on_objection)  # fmt: skip
    binding.ensure_round_decidable(round_)
    binding.ensure_follows_ranking(round_, application, grants=amount)
    return issue(
        round_=round_,
        application=application,
        amount=amount,
        reasons=reasons,
        by=by,
        ceiling_reached=ceiling_reached,
    )


def ineligibility_reasons(application: Application) -> str:
    """The reasons of the refusal of an ineligible application: the reason recorded when it was declared so."""
    if application.eligibility_reason.strip():
        return application.eligibility_reason.strip()
    with translation.override(settings.LANGUAGE_CODE):  # the letter's language
        return _("The application does not meet the conditions of the round.")


@transaction.atomic
def refuse_ineligible(*, application: Application, by) -> Decision:
    """Refuse an application declared ineligible, by its own decision with the reason recorded then (Awb 4:35,
    4:46(2)); the refusal letter is stored and sent like every decision letter. A first-come round refuses it
    on its own; in a tender round the round decision refuses it with the others (Awb 4:26)."""
    round_ = _lock_round(application)
    application = _lock(application)
    if application.decisions.exists():
        raise ValidationError(_("%(ref)s has already been decided.") % {"ref": application.reference})
    if not can(application, "refuse_ineligible"):
        raise ValidationError(_("Only an application declared ineligible is refused on that ground."))
    if round_.is_tender:
        raise ValidationError(
            _("In a tender round an ineligible application is refused in the round decision.")
        )
    return issue(round_=round_, application=application, amount=Decimal("0"), reasons=ineligibility_reasons(application),
                 by=by)  # fmt: skip


def issue(
    *,
    round_: Round,
    application: Application,
    amount: Decimal,
    reasons: str,
    by,
    ceiling_reached: bool = False,
    on_objection=None,
    pdf_now: bool = True,
    left: Decimal | None = None,
) -> Decision:
    """Write a decision on an application locked with its round: the outcome follows from the amount (less than
    requested is a partial grant), the commitment is booked, and the ceiling is checked against the ledger. A
    decision that is part of a decision on objection (`on_objection`) is booked and checked as one. Its letter is
    fixed now; its PDF is made now too, or, with `pdf_now=False` (the round decision), by the worker after commit.

    `left`: what remains under the ceiling, when the caller keeps count under the same lock (the round decision
    reads the ledger once for all its decisions); read from the ledger when not given."""
    outcome = (
        Outcome.REJECTED
        if not amount
        else Outcome.GRANTED
        if amount == application.requested_amount
        else Outcome.PARTIALLY_GRANTED
    )
    if left is None:
        left = ledger.remaining(round_)
    if on_objection is not None:
        objection_outcomes.check_room(round_, amount)
    elif amount > left:
        raise ValidationError(
            _("Only %(left)s remains in this round; %(amount)s cannot be granted.")
            % {"left": euro(left), "amount": euro(amount)}
        )
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision; the applicant reads them in the letter."))
    now = timezone.now()
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        granted_amount=amount,
        reasons=reasons.strip(),
        decided_by=by,
        decided_at=now,
        objection_deadline=objection_deadline(now),
        report_due_on=_report_due(application, round_) if amount else None,
        reporting=round_.programme.reporting_for(amount) if amount else "",
        on_objection=on_objection,
    )
    if amount:
        _book(application=application, kind=Kind.COMMITMENT, amount=amount, key=f"commit:{decision.pk}", by=by,
              decision=decision, is_objection=on_objection is not None)  # fmt: skip
    transition(application, outcome, by=by, note=reasons)
    application.round = round_  # the locked round, with its programme: the letter reads both
    letters.issue_decision_letter(decision, ceiling_reached=ceiling_reached, pdf_now=pdf_now)
    return decision


def _report_due(application: Application, round_: Round):
    end = application.ends_on or timezone.localdate()
    return deadline_after(end, weeks=round_.report_due_weeks)


def current_decision(application: Application) -> Decision | None:
    """The decision in force: the latest, leaving out decisions on objection that kept an earlier one (Awb 7:11)."""
    return (
        application.decisions.exclude(outcome__in=Decision.KEEPS_DECISION)
        .order_by("-decided_at", "-pk")
        .first()
    )


@transaction.atomic
def pay_advance(*, application: Application, by) -> Payment:
    """Order the round's advance percentage of the granted amount (Awb 4:95, voorschot): a due payment that leaves
    in a payment batch (four eyes) and is booked in the ledger only when it is paid (payments.py). The application
    is "advance ordered" until then; `advance_paid` moves it on. A second request adds nothing."""
    round_ = _lock_round(application)
    application = _lock(application)
    existing = Payment.objects.filter(application=application, kind=Payment.Kind.ADVANCE).first()
    if existing:
        raise ValidationError(
            _("The advance of %(ref)s has already been ordered.") % {"ref": application.reference}
        )
    if not can(application, "pay_advance"):
        raise ValidationError(_("Only a granted subsidy gets an advance."))
    granted = ledger.committed_for(application)
    # The percentage as it stood at the first decision: a later amendment of the rules does not apply to it.
    first = application.decisions.order_by("decided_at", "pk").first()
    amount = round_.advance_for(granted, decided_at=first.decided_at if first else None)
    if amount <= 0:
        raise ValidationError(_("This round pays no advance."))
    _check_bank_account(application)
    payment = Payment.objects.create(
        application=application, kind=Payment.Kind.ADVANCE, amount=amount, ordered_by=by
    )
    transition(application, State.ADVANCE_ORDERED, by=by, note_key="advance_ordered")
    return payment


def advance_paid(*, application: Application, by, on) -> None:
    """The advance was paid (finance marked its batch paid, or the bank statement shows it; payments.py, inside
    that transaction): the application is "advance paid", recorded by who recorded the payment, and then "report
    due" when the decision asks for a report. An application that moved on before this rule (its advance was
    booked when it was ordered) stays where it is."""
    application = _lock(application)
    if application.state != State.ADVANCE_ORDERED:
        return
    transition(application, State.ADVANCE_PAID, by=by, note_key="advance_paid", note_params={"date": on})
    decision = current_decision(application)
    if decision and decision.reporting != "none":
        transition(
            application,
            State.REPORT_DUE,
            by=by,
            note_key="report_due",
            note_params={"date": decision.report_due_on},
        )


@transaction.atomic
def submit_report(
    *, application: Application, by, activities: str, reach: int, costs
) -> AccountabilityReport:
    application = _lock(application)
    if not can(application, "submit_report"):
        raise ValidationError(_("No report is due for this application."))
    if not activities.strip():
        raise ValidationError(_("Describe what took place."))
    decision = current_decision(application)
    if decision and decision.reporting == "activity_financial" and costs is None:
        raise ValidationError(_("For this subsidy the report includes the costs incurred."))
    report = AccountabilityReport.objects.create(
        application=application, activities=activities.strip(), reach_achieved=reach, costs_incurred=costs,
        submitted_by=by,
    )  # fmt: skip
    transition(application, State.REPORT_SUBMITTED, by=by)
    return report


@transaction.atomic
def ask_more(*, report: AccountabilityReport, by, note: str) -> AccountabilityReport:
    application = _lock(report.application)
    if not note.strip():
        raise ValidationError(_("Say what more you need."))
    report.review, report.review_note = AccountabilityReport.Review.MORE_REQUESTED, note.strip()
    report.save(update_fields=["review", "review_note"])
    transition(application, State.REPORT_DUE, by=by, note=note)
    return report
