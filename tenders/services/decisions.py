"""Decisions, payments, accountability, settlement and objections — every euro through the ledger.

The invariant: a round's committed money (without decisions on objection) never exceeds its
ceiling. Every write that commits money locks the round row first (select_for_update), so
concurrent grants are serialised and each sees the ledger as the previous one left it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from maastricht_inclusie.money import CENT, euro

from .. import ledger
from ..models import (
    AccountabilityReport,
    Application,
    BudgetEntry,
    Decision,
    Objection,
    Payment,
    Round,
    Settlement,
    State,
)
from ..queries import ranking
from ..workflow import can, can_transition, transition

Outcome = Decision.Outcome
Kind = BudgetEntry.Kind


def _lock_round(application: Application) -> Round:
    return Round.objects.select_for_update().select_related("programme").get(pk=application.round_id)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _book(*, application, kind, amount, key, by, decision=None, is_objection=False) -> BudgetEntry:
    return BudgetEntry.objects.create(
        round_id=application.round_id, application=application, decision=decision, kind=kind, amount=amount,
        key=key, created_by=by, is_objection=is_objection,
    )  # fmt: skip


@transaction.atomic
def decide(*, application: Application, outcome: str, amount: Decimal, reasons: str, by) -> Decision:
    """Decide on an assessed application (beschikking tot verlening), committing the amount to the round."""
    round_ = _lock_round(application)
    application = _lock(application)
    if application.decisions.exists():
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
    if outcome != Outcome.REJECTED:
        # The outcome follows from the amount, whatever was chosen: less than requested is a partial grant.
        outcome = Outcome.GRANTED if amount == application.requested_amount else Outcome.PARTIALLY_GRANTED
    left = ledger.remaining(round_)
    if amount > left:
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
    )
    if amount:
        _book(application=application, kind=Kind.COMMITMENT, amount=amount, key=f"commit:{decision.pk}", by=by,
              decision=decision)  # fmt: skip
    transition(application, outcome, by=by, note=reasons)
    return decision


def _report_due(application: Application, round_: Round):
    end = application.ends_on or timezone.localdate()
    return deadline_after(end, weeks=round_.report_due_weeks)


def propose_round_decisions(round_: Round) -> list[dict]:
    """For a tender round: the decisions the ranking proposes, for the officer to review and confirm."""
    rows = ranking(round_)
    applications = Application.objects.in_bulk([row.application_id for row in rows])
    proposals = []
    for row in rows:
        application = applications[row.application_id]
        if not can(application, "decide"):
            continue
        if row.funding == "full":
            outcome, reason = (
                Outcome.GRANTED,
                _("Ranked %(pos)s of the round; granted in full within the ceiling."),
            )
        elif row.funding == "partial":
            outcome = Outcome.PARTIALLY_GRANTED
            reason = _("Ranked %(pos)s; the ceiling allows only part of the requested amount (Awb 4:25).")
        elif row.funding == "none":
            outcome, reason = (
                Outcome.REJECTED,
                _("Ranked %(pos)s; the ceiling of the round has been reached (Awb 4:25)."),
            )
        else:
            outcome, reason = Outcome.REJECTED, _("The total score is below the round's minimum.")
        proposals.append(
            {
                "application": application,
                "outcome": outcome,
                "amount": row.fundable_amount,
                "reasons": reason % {"pos": row.position},
            }
        )
    return proposals


@transaction.atomic
def decide_round(*, round_: Round, by) -> list[Decision]:
    """Confirm the proposed decisions of a tender round, all or none."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_tender:
        raise ValidationError(_("A first-come, first-served round is decided application by application."))
    return [
        decide(
            application=p["application"],
            outcome=p["outcome"],
            amount=p["amount"],
            reasons=p["reasons"],
            by=by,
        )
        for p in propose_round_decisions(round_)
    ]


def current_decision(application: Application) -> Decision | None:
    return application.decisions.order_by("-decided_at", "-pk").first()


@transaction.atomic
def pay_advance(*, application: Application, by) -> Payment:
    """Pay the round's advance percentage of the granted amount; a second request pays nothing more."""
    round_ = _lock_round(application)
    application = _lock(application)
    existing = Payment.objects.filter(application=application, kind=Payment.Kind.ADVANCE).first()
    if existing:
        raise ValidationError(
            _("The advance of %(ref)s has already been paid.") % {"ref": application.reference}
        )
    if not can(application, "pay_advance"):
        raise ValidationError(_("Only a granted subsidy gets an advance."))
    granted = ledger.committed_for(application)
    # The percentage as it stood at the first decision: a later amendment of the rules does not apply to it.
    first = application.decisions.order_by("decided_at", "pk").first()
    amount = round_.advance_for(granted, decided_at=first.decided_at if first else None)
    if amount <= 0:
        raise ValidationError(_("This round pays no advance."))
    entry = _book(
        application=application, kind=Kind.ADVANCE, amount=amount, key=f"advance:{application.pk}", by=by
    )
    payment = Payment.objects.create(application=application, kind=Payment.Kind.ADVANCE, amount=amount, entry=entry,
                                     paid_by=by)  # fmt: skip
    transition(application, State.ADVANCE_PAID, by=by)
    decision = current_decision(application)
    if decision and decision.reporting != "none":
        transition(
            application,
            State.REPORT_DUE,
            by=by,
            note=_("Report due on %(date)s") % {"date": decision.report_due_on},
        )
    return payment


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


@transaction.atomic
def settle(*, application: Application, final_amount: Decimal, by, note: str = "") -> Settlement:
    """Vaststelling: fix the final amount; release what is not needed, pay the rest or reclaim too much paid."""
    _lock_round(application)
    application = _lock(application)
    if hasattr(application, "settlement"):
        raise ValidationError(_("%(ref)s has already been settled.") % {"ref": application.reference})
    decision = current_decision(application)
    # Settled after the report, or straight after the advance when the decision asks for no report.
    needs_report = decision is None or decision.reporting != "none"
    if not can(application, "settle") or (needs_report and not application.reports.exists()):
        raise ValidationError(_("This application cannot be settled now."))
    final_amount = Decimal(final_amount).quantize(CENT)
    committed = ledger.committed_for(application)
    if not 0 <= final_amount <= committed:
        raise ValidationError(
            _("The final amount must be between %(zero)s and the granted %(granted)s.")
            % {"zero": euro(0), "granted": euro(committed)}
        )
    settlement = Settlement.objects.create(
        application=application, final_amount=final_amount, note=note, settled_by=by
    )
    if final_amount < committed:
        _book(application=application, kind=Kind.RELEASE, amount=committed - final_amount,
              key=f"settle-release:{application.pk}", by=by)  # fmt: skip
    paid = ledger.paid_for(application)
    if final_amount > paid:
        entry = _book(application=application, kind=Kind.REMAINDER, amount=final_amount - paid,
                      key=f"remainder:{application.pk}", by=by)  # fmt: skip
        Payment.objects.create(application=application, kind=Payment.Kind.REMAINDER, amount=final_amount - paid,
                               entry=entry, paid_by=by)  # fmt: skip
    elif final_amount < paid:
        _book(
            application=application,
            kind=Kind.RECLAIM,
            amount=paid - final_amount,
            key=f"reclaim:{application.pk}",
            by=by,
        )
    report = application.reports.first()
    if report:
        report.review = AccountabilityReport.Review.ACCEPTED
        report.save(update_fields=["review"])
    transition(application, State.SETTLED, by=by, note=note)
    return settlement


@transaction.atomic
def register_objection(*, decision: Decision, received_on, grounds: str, by) -> Objection:
    """Register an objection; one received after the six-week period is refused."""
    if received_on > decision.objection_deadline:
        raise ValidationError(
            _("The objection period ended on %(date)s; this objection is too late.")
            % {"date": decision.objection_deadline.strftime("%d-%m-%Y")}
        )
    if received_on < timezone.localtime(decision.decided_at).date():
        raise ValidationError(_("An objection cannot be received before the decision."))
    if not grounds.strip():
        raise ValidationError(_("Record the grounds of the objection."))
    return Objection.objects.create(
        decision=decision, received_on=received_on, grounds=grounds.strip(), registered_by=by
    )


@transaction.atomic
def decide_objection(
    *, objection: Objection, upheld: bool, amount: Decimal, reasons: str, by
) -> Decision | None:
    """Decide on an objection. Upheld: a new decision whose money is judged against the ceiling as it
    stood at the original decision (Awb 4:25(3)) — it may go past today's ceiling and shows as such."""
    objection = (
        Objection.objects.select_for_update().select_related("decision__application").get(pk=objection.pk)
    )
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("This objection has already been decided."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision on the objection."))
    original = objection.decision
    application = _lock(original.application)
    _lock_round(application)
    if not upheld:
        objection.status = Objection.Status.DISMISSED
        objection.save(update_fields=["status"])
        return None
    amount = Decimal(amount).quantize(CENT)
    committed = ledger.committed_for(application)
    if not committed < amount <= application.requested_amount:
        raise ValidationError(
            _(
                "A decision on objection grants more than now (%(now)s) and at most the requested %(requested)s."
            )
            % {"now": euro(committed), "requested": euro(application.requested_amount)}
        )
    outcome = Outcome.GRANTED if amount == application.requested_amount else Outcome.PARTIALLY_GRANTED
    now = timezone.now()
    decision = Decision.objects.create(
        application=application, outcome=outcome, granted_amount=amount, reasons=reasons.strip(), decided_by=by,
        decided_at=now, objection_deadline=objection_deadline(now),
        report_due_on=original.report_due_on or _report_due(application, application.round),
        reporting=application.round.programme.reporting_for(amount), on_objection=objection,
    )  # fmt: skip
    _book(application=application, kind=Kind.COMMITMENT, amount=amount - committed, key=f"commit:{decision.pk}",
          by=by, decision=decision, is_objection=True)  # fmt: skip
    objection.status = Objection.Status.UPHELD
    objection.save(update_fields=["status"])
    # A refusal or a partial grant becomes the new outcome; after payment the state stays where it is.
    if can_transition(application, outcome):
        transition(application, outcome, by=by, note=reasons)
    return decision
