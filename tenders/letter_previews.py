"""What the officer's letter-text page needs of every kind: the kinds it offers, the text to start from, and the
context of a real subject to preview a text on (tenders/views/staff_letters.py).

A decision kind is previewed on any decision; the other kinds on a letter of that kind that was issued already,
whose subject (settlement, reclaim, objection, hearing, postponement) gives the values as they are now.
"""

from django.utils import timezone

from letters.models import Letter

from . import ledger, objection_letters, settlement_letters
from . import letters as decision_letters
from .models import Reclaim

DECISION_KINDS = tuple(name for name, _label, _remedy in decision_letters.KINDS)
OTHER_KINDS = (
    *(name for name, _label in settlement_letters.KINDS),
    *(name for name, _label in objection_letters.NOTICE_KINDS),
)
EDITABLE_KINDS = (*DECISION_KINDS, *OTHER_KINDS)


def starter_text(kind: str) -> str:
    """The text an officer starts from for a kind that has no version yet."""
    if kind in DECISION_KINDS:
        return decision_letters.starter_text(kind)
    if kind in objection_letters.STARTER_TEXT:
        return objection_letters.starter_text(kind)
    return settlement_letters.starter_text(kind)


def letters_to_preview_on(kind: str):
    """The issued letters of a (non-decision) kind whose subject a text can be previewed on, newest first."""
    return Letter.objects.filter(kind=kind).order_by("-issued_at", "-pk")


def context_of(letter: Letter) -> dict:
    """The context of a letter of `letter.kind` for its subject as it is now (for a preview only)."""
    subject = letter.subject
    if letter.kind in ("settlement", "reclaim"):
        settlement = subject if letter.kind == "settlement" else subject.settlement
        reclaim = Reclaim.objects.filter(settlement=settlement).first()
        if reclaim is not None:
            granted = paid = settlement.final_amount + reclaim.amount
        else:
            granted, paid = (
                ledger.committed_for(settlement.application),
                ledger.paid_for(settlement.application),
            )
        return settlement_letters.context_for(
            letter.kind, settlement, granted=granted, paid=paid, reclaim=reclaim
        )
    if letter.kind == "objection_acknowledgement":
        return objection_letters.context_for(subject)
    if letter.kind == "hearing_invitation":
        return objection_letters.context_for(
            subject.objection, hearing=subject, starts_at=timezone.localtime(subject.starts_at)
        )
    return objection_letters.context_for(subject.objection, extension=subject)
