"""The letters of a settlement (vaststelling, Awb 4:46) and of a reclaim (terugvordering, Awb 4:57).

Both are decisions open to objection: the settlement fixes the subsidy and says what is still paid or what comes
back; the reclaim is the demand for payment of what was paid too much, with the term, the municipality's account
and a payment reference. They are issued in the settling transaction, from the rows as they are then, and served
as stored afterwards, like every letter (letters/services.py).
"""

from functools import partial

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from letters import registry
from letters import services as letters
from letters.models import Letter
from letters.pdf import render_html
from maastricht_inclusie.deadlines import deadline_after
from maastricht_inclusie.money import euro

from .letters import ADVANCE_PAYMENT_WEEKS, _contact_person, recipients
from .models import Reclaim, Settlement

KINDS = (
    ("settlement", _("settlement")),
    ("reclaim", _("reclaim")),
)


# What a policy officer may use in the text of these letters (letters/bodies.py); blocks are prepared HTML.
VARIABLES = {
    "organisation": _("the organisation's name"),
    "contact_person": _("the contact person"),
    "application_title": _("the title of the application"),
    "application_reference": _("the application's reference"),
    "round": _("the round"),
    "granted_amount": _("the amount granted"),
    "paid_amount": _("the amount paid"),
    "settled_amount": _("the amount settled"),
    "remainder": _("what is still paid to the organisation"),
    "reclaim_amount": _("the amount to be paid back"),
    "reclaim_due_on": _("the date the amount must be paid back by"),
    "payment_reference": _("the payment reference of the reclaim"),
    "iban": _("the municipality's account (IBAN)"),
    "reasons": _("the reasons of the settlement"),
    "legal_basis": _("the legal basis: the Awb and the programme's regulation, as a block"),
    "amounts": _("the amounts and how they are paid, as a block"),
}
BLOCKS = ("legal_basis", "amounts")
REQUIRED = ("reasons", "legal_basis", "amounts")


def register_kinds() -> None:
    for name, label in KINDS:
        registry.register(
            name,
            label=label,
            remedy=registry.OBJECTION,
            variables=VARIABLES,
            required=REQUIRED,
            blocks=BLOCKS,
        )


def starter_text(kind: str) -> str:
    """The text an officer starts from for a kind that has no version yet."""
    decision = (
        "Wij stellen de subsidie voor ‘{{ application_title }}’ vast op {{ settled_amount }}."
        if kind == "settlement"
        else "Wij vorderen {{ reclaim_amount }} van u terug (artikel 4:57 Awb)."
    )
    return (
        f"## Besluit\n\n{decision}\n\n## Motivering\n\n{{{{ reasons }}}}\n\n{{{{ amounts }}}}"
        "\n\n{{ legal_basis }}\n\n{{ remedy }}"
    )


def _variables(kind: str, context: dict) -> dict:
    """The values of VARIABLES for one settlement or reclaim, as the Dutch letter writes them."""
    application, settlement, reclaim = context["application"], context["settlement"], context["reclaim"]
    with override("nl"):
        if settlement.note:
            reasons = settlement.note
        elif kind == "reclaim":
            paid, settled = euro(context["paid"]), euro(context["settled"])
            reasons = f"U heeft {paid} ontvangen en heeft recht op {settled}: het verschil is onverschuldigd betaald."
        else:
            reasons = (
                "Uit uw verantwoording blijkt dat u de activiteiten heeft uitgevoerd en aan de verplichtingen "
                "heeft voldaan waarvoor de subsidie is verleend (artikel 4:46, tweede lid, Awb)."
            )
        return {
            "organisation": application.organisation.name, "contact_person": context["contact_person"],
            "application_title": application.title, "application_reference": application.reference,
            "round": context["round"].title, "granted_amount": euro(context["granted"]),
            "paid_amount": euro(context["paid"]), "settled_amount": euro(context["settled"]),
            "remainder": euro(context["remainder"]), "reclaim_amount": euro(reclaim.amount) if reclaim else "",
            "reclaim_due_on": date_format(reclaim.due_on, "j F Y") if reclaim else "",
            "payment_reference": reclaim.payment_reference if reclaim else "", "iban": context["iban"],
            # Blocks: rendered by letters.services with the letter's whole context (its kind included).
            "reasons": reasons, "legal_basis": partial(render_html, "letters/legal_basis.html"),
            "amounts": partial(render_html, f"letters/{kind}_amounts.html"),
        }  # fmt: skip


def context_for(kind: str, settlement: Settlement, *, granted, paid, reclaim: Reclaim | None) -> dict:
    """Everything a settlement or reclaim letter shows, with the variables of an officer's text."""
    context = _context(settlement, granted=granted, paid=paid, reclaim=reclaim)
    if kind == "reclaim":
        context["remedy_deadline"] = reclaim.objection_deadline
    return {**context, "variables": _variables(kind, context)}


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
        context=context_for("settlement", settlement, granted=granted, paid=paid, reclaim=reclaim),
        recipients=recipients(application.organisation),
    )  # fmt: skip


def issue_reclaim_letter(reclaim: Reclaim, *, granted, paid) -> Letter:
    """The reclaim decision's letter: the demand for payment, its term, account and payment reference."""
    application = reclaim.application
    with override("nl"):
        title = str(registry.get("reclaim").label).capitalize()
    context = context_for("reclaim", reclaim.settlement, granted=granted, paid=paid, reclaim=reclaim)
    return letters.issue(
        kind="reclaim", subject=reclaim, organisation=application.organisation,
        reference=f"{application.reference}/T{reclaim.pk}", title=f"{title}: {application.reference}",
        context=context, recipients=recipients(application.organisation),
    )  # fmt: skip
