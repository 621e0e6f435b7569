"""The letters of a settlement (vaststelling, Awb 4:46) and of a reclaim (terugvordering, Awb 4:57).

Both are decisions open to objection: the settlement fixes the subsidy and says what is still paid or what comes
back; the reclaim is the demand for payment of what was paid too much, with the term, the municipality's account
and a payment reference. They are issued in the settling transaction, from the rows as they are then, and served
as stored afterwards, like every letter (letters/services.py).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from letters import registry
from letters import services as letters
from letters.models import Letter
from maastricht_inclusie.deadlines import deadline_after

from .letters import ADVANCE_PAYMENT_WEEKS, _contact_person, recipients
from .models import Reclaim, Settlement

KINDS = (
    ("settlement", _("settlement")),
    ("reclaim", _("reclaim")),
)


def register_kinds() -> None:
    for name, label in KINDS:
        registry.register(name, label=label, remedy=registry.OBJECTION)


def _context(settlement: Settlement, *, granted, paid, reclaim: Reclaim | None) -> dict:
    application = settlement.application
    round_ = application.round
    decided_on = timezone.localtime(settlement.settled_at).date()
    remainder = max(settlement.final_amount - paid, 0)
    return {
        "settlement": settlement, "application": application, "round": round_, "programme": round_.programme,
        "organisation": application.organisation, "contact_person": _contact_person(application),
        "decided_on": decided_on, "granted": granted, "paid": paid, "settled": settlement.final_amount,
        "remainder": remainder,
        "remainder_paid_by": deadline_after(decided_on, weeks=ADVANCE_PAYMENT_WEEKS) if remainder else None,
        "reclaim": reclaim, "iban": settings.RECLAIM_IBAN, "remedy_deadline": settlement.objection_deadline,
    }  # fmt: skip


def issue_settlement_letter(settlement: Settlement, *, granted, paid, reclaim: Reclaim | None) -> Letter:
    """The settlement's letter (call inside the settling transaction): rendered and stored now, sent after commit."""
    application = settlement.application
    with override("nl"):
        title = str(registry.get("settlement").label).capitalize()
    return letters.issue(
        kind="settlement", subject=settlement, organisation=application.organisation,
        reference=f"{application.reference}/V{settlement.pk}", title=f"{title}: {application.reference}",
        context=_context(settlement, granted=granted, paid=paid, reclaim=reclaim),
        recipients=recipients(application.organisation),
    )  # fmt: skip


def issue_reclaim_letter(reclaim: Reclaim, *, granted, paid) -> Letter:
    """The reclaim decision's letter: the demand for payment, its term, account and payment reference."""
    application = reclaim.application
    with override("nl"):
        title = str(registry.get("reclaim").label).capitalize()
    context = _context(reclaim.settlement, granted=granted, paid=paid, reclaim=reclaim)
    context["remedy_deadline"] = reclaim.objection_deadline
    return letters.issue(
        kind="reclaim", subject=reclaim, organisation=application.organisation,
        reference=f"{application.reference}/T{reclaim.pk}", title=f"{title}: {application.reference}",
        context=context, recipients=recipients(application.organisation),
    )  # fmt: skip
