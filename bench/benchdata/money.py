"""Decisions and the money after them, as the services write it since payment batches (issue 19).

- A decision books its COMMITMENT (tenders.services.decisions.decide).
- The advance is ordered as a due payment (pay_advance); it leaves in a payment batch that one officer prepares
  and a second approves (with its SEPA file), and is booked in the ledger (ADVANCE, key `paid:<payment>`) only
  when finance has paid it (tenders.services.payments._book_paid). Recent grants still have a due advance, or
  one in a batch sent to finance and not yet paid.
- A settlement (tenders.services.settlement.settle) releases what was not needed (RELEASE), orders a remainder
  as a due payment (booked REMAINDER when paid, like the advance), or, when less is due than was paid, decides a
  reclaim (Reclaim row): open until the money is received, and booked (RECLAIM, key `reclaim-received:<reclaim>`)
  only then; a written-off reclaim books nothing (tenders/models/reclaim.py).
- A closed file has every payment paid and no reclaim open (tenders.services.closing.close).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import CommandError

from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from tenders.models import (
    AccountabilityReport,
    BudgetEntry,
    Decision,
    Payment,
    PaymentBatch,
    Reclaim,
    Settlement,
    State,
)
from tenders.services.payments import sepa_file

from .generator import CENT, Generator, reserve_ids
from .words import TEXT

Kind = BudgetEntry.Kind
PAID_STATES = {State.ADVANCE_PAID, State.REPORT_DUE, State.REPORT_SUBMITTED, State.SETTLED, State.CLOSED}
SETTLED_STATES = {State.SETTLED, State.CLOSED}
# Where a payment stands that need not be paid yet (the file is not settled or closed): (status, weight).
OPEN_PAYMENT = [(Payment.Status.PAID, 85), (Payment.Status.SENT, 5), (Payment.Status.DUE, 10)]
# The final amount as a share of the grant: in full, a little less, or below the advance (a reclaim).
FINAL_SHARE = [(Decimal("1"), 75), (Decimal("0.9"), 13), (Decimal("0.6"), 12)]
# Where the reclaims stand, in turn (so that small data has each kind): of a settled file three in five still open,
# of a closed one paid back or, one in five, written off.
RECLAIMS_SETTLED = [Reclaim.Status.OPEN, Reclaim.Status.PAID] * 2 + [Reclaim.Status.OPEN]
RECLAIMS_CLOSED = [Reclaim.Status.PAID] * 4 + [Reclaim.Status.WRITTEN_OFF]
PAYMENTS_PER_BATCH = 100


class Books:
    """The ledger entries, payments and reclaims as the services would have booked them, written in bulk."""

    def __init__(self, gen: Generator):
        self.gen = gen
        self.entries: list[BudgetEntry] = []
        self.payments: list[tuple[Payment, str]] = []  # (payment, status it ends in)
        self.reclaims: list[tuple[Reclaim, str]] = []

    def book(self, application, kind, amount, key, decision=None) -> BudgetEntry:
        entry = BudgetEntry(
            round=application.round, application=application, decision=decision, kind=kind, amount=amount,
            key=key, created_by=self.gen.officer,
        )  # fmt: skip
        self.entries.append(entry)
        return entry

    def order(self, application, kind, amount, status) -> None:
        payment = Payment(application=application, kind=kind, amount=amount, ordered_by=self.gen.officer)
        self.payments.append((payment, status))

    def reclaim(self, settlement, amount, status) -> None:
        now = self.gen.now
        reclaim = Reclaim(
            settlement=settlement, application=settlement.application, amount=amount,
            due_on=deadline_after(now, weeks=6), decided_by=self.gen.officer, decided_at=now,
            objection_deadline=objection_deadline(now),
            payment_reference=f"TV-{settlement.pk}-{settlement.application.reference}"[:35],
        )  # fmt: skip
        self.reclaims.append((reclaim, status))

    def write(self, rounds: dict) -> None:
        gen = self.gen
        for payment, pk in zip(
            (p for p, _s in self.payments), reserve_ids(Payment, len(self.payments)), strict=True
        ):
            payment.pk = pk
        for reclaim, pk in zip(
            (r for r, _s in self.reclaims), reserve_ids(Reclaim, len(self.reclaims)), strict=True
        ):
            reclaim.pk = pk
        kinds = {Payment.Kind.ADVANCE: Kind.ADVANCE, Payment.Kind.REMAINDER: Kind.REMAINDER}
        for payment, status in self.payments:
            if status == Payment.Status.PAID:  # _book_paid
                payment.entry = self.book(payment.application, kinds[payment.kind], payment.amount,
                                          f"paid:{payment.pk}")  # fmt: skip
                payment.paid_on = gen.today - timedelta(days=gen.rng.randint(1, 20))
            payment.status = status
        for reclaim, status in self.reclaims:
            reclaim.status = status
            if status != Reclaim.Status.OPEN:
                reclaim.closed_by, reclaim.closed_at = gen.officer, gen.now
            if status == Reclaim.Status.PAID:  # record_reclaim_paid
                reclaim.entry = self.book(reclaim.application, Kind.RECLAIM, reclaim.amount,
                                          f"reclaim-received:{reclaim.pk}")  # fmt: skip
                reclaim.received_on = gen.today
            elif status == Reclaim.Status.WRITTEN_OFF:
                reclaim.write_off_reason = "De stichting is opgeheven; er is niets meer te innen."
        check_ceilings(self.entries, rounds)
        gen.save(BudgetEntry, self.entries)
        self.batches()
        gen.save(Payment, [payment for payment, _status in self.payments])
        gen.save(Reclaim, [reclaim for reclaim, _status in self.reclaims])

    def batches(self) -> None:
        """The payments sent to finance, in batches per round and kind: prepared by one officer, approved with their
        SEPA file by a second (tenders.services.payments.prepare_batch, approve_batch)."""
        gen = self.gen
        groups = defaultdict(list)
        for payment, status in self.payments:
            if status != Payment.Status.DUE:
                groups[(payment.application.round.number, payment.kind)].append(payment)
        batches, members = [], []
        for key in sorted(groups):
            group = groups[key]
            for start in range(0, len(group), PAYMENTS_PER_BATCH):
                chunk = group[start : start + PAYMENTS_PER_BATCH]
                for payment in chunk:
                    organisation = payment.application.organisation
                    payment.creditor_iban, payment.creditor_name = (
                        organisation.iban,
                        organisation.account_holder,
                    )
                batch = PaymentBatch(
                    status=PaymentBatch.Status.SENT, prepared_by=gen.officer, approved_by=gen.second_officer,
                    approved_at=gen.now, execution_date=gen.today - timedelta(days=gen.rng.randint(1, 30)),
                )  # fmt: skip
                # Not validated here (a second per few hundred payments): tests/bench validates the files.
                batch.sepa_xml = sepa_file(batch, chunk, batch.execution_date, validate=False)
                batches.append(batch)
                members.append(chunk)
        for batch, chunk in zip(gen.save(PaymentBatch, batches), members, strict=True):
            for payment in chunk:
                payment.batch = batch


def check_ceilings(entries: list, rounds: dict) -> None:
    """The ledger's invariant: a round's committed money never above its ceiling."""
    signed = {Kind.COMMITMENT: 1, Kind.RELEASE: -1}
    for round_ in rounds.values():
        committed = sum(e.amount * signed.get(e.kind, 0) for e in entries if e.round is round_)
        if committed > round_.ceiling:
            raise CommandError(
                f"Round {round_.number}: {committed} committed, over its ceiling {round_.ceiling}."
            )


def write_money(gen: Generator, applications: list, plans: list[dict], rounds: dict) -> None:
    """Decisions, payments in batches, reports, settlements and reclaims, and the ledger as the services book it."""
    decided = [(a, p) for a, p in zip(applications, plans, strict=True) if "decision" in p]
    decisions = gen.save(Decision, [decision_for(application, plan, gen) for application, plan in decided])
    books, reports, finals = Books(gen), [], []
    for decision, (application, plan) in zip(decisions, decided, strict=True):
        granted, state = decision.granted_amount, application.state
        if not granted:
            continue
        books.book(application, Kind.COMMITMENT, granted, f"commit:{decision.pk}", decision)
        if state not in PAID_STATES:
            continue
        advance = application.round.advance_for(granted)
        settled = state in SETTLED_STATES
        # Every state from "advance paid" on means the advance was paid (an ordered one is "advance ordered").
        books.order(application, Payment.Kind.ADVANCE, advance, Payment.Status.PAID)
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
        if settled:
            final = (granted * gen.weighted(FINAL_SHARE)).quantize(CENT)
            finals.append((application, granted, advance, final))
    settlements = gen.save(
        Settlement,
        [
            Settlement(application=a, final_amount=final, settled_by=gen.officer)
            for a, _g, _a, final in finals
        ],
    )
    taken = {True: 0, False: 0}  # reclaims of closed and of settled files so far
    for settlement, (application, granted, advance, final) in zip(settlements, finals, strict=True):
        closed = application.state == State.CLOSED
        if final < granted:
            books.book(
                application, Kind.RELEASE, granted - final, f"settle-release:{application.pk}:{settlement.pk}"
            )
        if final > advance:
            status = Payment.Status.PAID if closed else gen.weighted(OPEN_PAYMENT)
            books.order(application, Payment.Kind.REMAINDER, final - advance, status)
        elif final < advance:
            turn = RECLAIMS_CLOSED if closed else RECLAIMS_SETTLED
            books.reclaim(settlement, advance - final, turn[taken[closed] % len(turn)])
            taken[closed] += 1
    books.write(rounds)
    gen.save(AccountabilityReport, reports)


def decision_for(application, plan: dict, gen: Generator) -> Decision:
    decision = plan["decision"]
    return Decision(
        application=application,
        outcome=decision["outcome"],
        granted_amount=decision["amount"],
        reasons="Volgens de rangschikking van de ronde (Awb 4:25).",
        decided_by=gen.officer,
        decided_at=decision["at"],
        objection_deadline=decision["at"].date() + timedelta(weeks=6),
        report_due_on=(
            application.ends_on + timedelta(weeks=application.round.report_due_weeks)
            if decision["amount"]
            else None
        ),
        reporting=decision["reporting"],
    )
