"""Decision letters (beschikkingen) of the tenders: which kind of letter a decision gets, what it says, to whom.

The letter is issued by `letters.services.issue` in the decision's own transaction, from the decision as it is
then (its HTML is stored with it; its PDF is made from that HTML, at once or by the worker after the commit);
afterwards it is only ever served as stored. The kinds are registered in `TendersConfig.ready`, each with
its template `letters/<kind>.html` and the remedy that fits it.
"""

from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from initiatives.models import Membership
from letters import registry
from letters import services as letters
from letters.http import letter_response as stored_letter_response
from letters.models import Delivery, Letter
from letters.pdf import render_html
from maastricht_inclusie.deadlines import deadline_after
from maastricht_inclusie.money import euro

from .models import (
    REPORTING_REQUIREMENTS,
    Decision,
    Hearing,
    InformationRequest,
    Objection,
    ObjectionTermExtension,
    Reclaim,
)

# (kind, label, remedy). Decisions on objection are open to appeal only, never to objection again (Awb 7:1(1)(a)).
KINDS = (
    ("grant", _("grant"), registry.OBJECTION),
    ("partial_grant", _("partial grant"), registry.OBJECTION),
    ("refusal", _("refusal"), registry.OBJECTION),
    ("refusal_ceiling", _("refusal: ceiling reached"), registry.OBJECTION),
    ("set_aside", _("set aside (buiten behandeling gesteld)"), registry.OBJECTION),
    ("objection_well_founded", _("decision on objection: well-founded"), registry.APPEAL),
    ("objection_unfounded", _("decision on objection: unfounded"), registry.APPEAL),
    ("objection_inadmissible", _("decision on objection: inadmissible"), registry.APPEAL),
    (
        "reclaim_withdrawn_on_objection",
        _("decision on objection: reclaim withdrawn or lowered"),
        registry.APPEAL,
    ),
    ("set_aside_revoked_on_objection", _("decision on objection: setting aside revoked"), registry.APPEAL),
)
# Weeks after the decision within which the advance is paid (stated in the letter).
ADVANCE_PAYMENT_WEEKS = 2


# What a policy officer may use in the text of a letter (letters/bodies.py); blocks are prepared HTML.
VARIABLES = {
    "organisation": _("the organisation's name"),
    "contact_person": _("the contact person"),
    "application_title": _("the title of the application"),
    "application_reference": _("the application's reference"),
    "round": _("the round"),
    "requested_amount": _("the amount requested"),
    "granted_amount": _("the amount granted"),
    "advance_percentage": _("the advance percentage"),
    "advance": _("the advance"),
    "advance_paid_by": _("the date the advance is paid by"),
    "report_due_on": _("the date the report is due"),
    "reporting_requirement": _("what the report must contain"),
    "ceiling": _("the ceiling of the round"),
    "reasons": _("the reasons of the decision"),
    "missing_information": _("what was asked for and not given (setting aside)"),
    "legal_basis": _("the legal basis: the Awb and the programme's regulation, as a block"),
    "amounts": _("the amounts, advance and reporting duty, as a block"),
}
# A reclaim withdrawn or lowered on objection: the amounts block says what is still owed, or paid back.
RECLAIM_VARIABLES = {
    **VARIABLES,
    "reclaimed_amount": _("the amount reclaimed before the objection"),
    "still_owed": _("what is still to be paid back"),
    "amounts": _("what is still to be paid back, or paid back to you, as a block"),
}
BLOCKS = ("legal_basis", "amounts")
MONEY_KINDS = {"grant", "partial_grant", "objection_well_founded", "reclaim_withdrawn_on_objection"}


def register_kinds() -> None:
    for name, label, remedy in KINDS:
        required = ("reasons", "legal_basis", *(("amounts",) if name in MONEY_KINDS else ()))
        variables = RECLAIM_VARIABLES if name == "reclaim_withdrawn_on_objection" else VARIABLES
        registry.register(
            name, label=label, remedy=remedy, variables=variables, required=required, blocks=BLOCKS
        )


def starter_text(kind: str) -> str:
    """The text an officer starts from for a kind that has no version yet."""
    money = "\n\n{{ amounts }}" if kind in MONEY_KINDS else ""
    return (
        "## Besluit\n\nWij hebben besloten over uw aanvraag {{ application_reference }}, ‘{{ application_title }}’."
        "\n\n## Motivering\n\n{{ reasons }}" + money + "\n\n{{ legal_basis }}\n\n{{ remedy }}"
    )


def kind_of(decision: Decision, *, ceiling_reached: bool = False) -> str:
    if decision.outcome == Decision.Outcome.OBJECTION_UNFOUNDED:
        return "objection_unfounded"
    if decision.outcome == Decision.Outcome.OBJECTION_INADMISSIBLE:
        return "objection_inadmissible"
    if decision.outcome == Decision.Outcome.RECLAIM_REDUCED:
        return "reclaim_withdrawn_on_objection"
    if decision.outcome == Decision.Outcome.SET_ASIDE_REVOKED:
        return "set_aside_revoked_on_objection"
    if decision.on_objection_id:
        return "objection_well_founded"
    if decision.outcome == Decision.Outcome.SET_ASIDE:
        return "set_aside"
    if decision.outcome == Decision.Outcome.REJECTED:
        return "refusal_ceiling" if ceiling_reached else "refusal"
    if decision.outcome == Decision.Outcome.PARTIALLY_GRANTED:
        return "partial_grant"
    return "grant"


def with_memberships() -> Prefetch:
    """For a caller issuing many letters at once: the organisations' memberships with their users, read once."""
    return Prefetch(
        "organisation__memberships", queryset=Membership.objects.select_related("user").order_by("pk")
    )


def _memberships(organisation) -> list[Membership]:
    if "memberships" in getattr(organisation, "_prefetched_objects_cache", {}):
        return list(organisation.memberships.all())
    return list(organisation.memberships.select_related("user").order_by("pk"))


def recipients(organisation) -> list[str]:
    """The organisation's contact addresses: its own address and its contact persons' (else every member's)."""
    memberships = [m for m in _memberships(organisation) if m.user.is_active and m.user.email]
    contacts = [m for m in memberships if m.role == Membership.Role.CONTACT] or memberships
    return [address for address in [organisation.email, *(m.user.email for m in contacts)] if address]


def _contact_person(application) -> str:
    memberships = _memberships(application.organisation)
    contact = next((m for m in memberships if m.role == Membership.Role.CONTACT), None)
    user = contact.user if contact else application.submitted_by
    return user.get_full_name() if user else ""


def _variables(context: dict) -> dict:
    """The values of VARIABLES for one decision, as the Dutch letter writes them."""
    decision, application, round_ = context["decision"], context["application"], context["round"]
    reclaim = context.get("objected_reclaim")

    def day(value):
        return date_format(value, "j F Y") if value else ""

    with override("nl"):
        return {
            "organisation": application.organisation.name, "contact_person": context["contact_person"],
            "application_title": application.title, "application_reference": application.reference,
            "round": round_.title, "requested_amount": euro(application.requested_amount),
            "granted_amount": euro(decision.granted_amount), "advance_percentage": f"{context['advance_percentage']}%",
            "advance": euro(context["advance"]) if context["advance"] else "",
            "advance_paid_by": day(context["advance_paid_by"]), "report_due_on": day(decision.report_due_on),
            "reporting_requirement": str(context["reporting_requirement"]), "ceiling": euro(round_.ceiling),
            "reasons": decision.reasons, "missing_information": context["information_request"].message
            if context["information_request"] else "",
            # Blocks: rendered by letters.services with the letter's whole context (the kind decides the article).
            "legal_basis": partial(render_html, "letters/legal_basis.html"), "amounts": _amounts,
            "reclaimed_amount": euro(reclaim.amount) if reclaim else "",
            "still_owed": euro(context["still_owed"]) if reclaim else "",
        }  # fmt: skip


def _amounts(context: dict):
    if context.get("objected_reclaim") is not None:
        return render_html("letters/reclaim_reduced_amounts.html", context)
    if context["decision"].granted_amount:
        return render_html("letters/amounts.html", context)
    return mark_safe("")


def _context(decision: Decision) -> dict:
    application = decision.application
    round_ = application.round
    decided_on = timezone.localtime(decision.decided_at).date()
    # The advance percentage as it stood at the first decision: a later amendment of the rules does not apply to it.
    first = application.decisions.order_by("decided_at", "pk").first()
    rules_at = first.decided_at if first else decision.decided_at
    percentage = round_.rule_at("advance_percentage", rules_at)
    advance = (
        round_.advance_for(decision.granted_amount, decided_at=rules_at) if decision.granted_amount else None
    )
    return {
        "decision": decision, "application": application, "round": round_, "programme": round_.programme,
        "organisation": application.organisation, "contact_person": _contact_person(application),
        "decided_on": decided_on, "advance": advance, "advance_percentage": percentage,
        "advance_paid_by": deadline_after(decided_on, weeks=ADVANCE_PAYMENT_WEEKS) if advance else None,
        "reporting_requirement": REPORTING_REQUIREMENTS.get(decision.reporting, ""),
        "objection": decision.on_objection, "remedy_deadline": decision.objection_deadline,
        **_objected(decision.on_objection),
        "information_request": _set_aside_request(decision),
    }  # fmt: skip


def _objected(objection) -> dict:
    """For a decision on objection: what was objected to (a decision, a settlement or a reclaim) and its date;
    for a reclaim also what the decision on objection left of it (a new reclaim, or a refund)."""
    if objection is None:
        return {}
    against = objection.against
    moment = against.settled_at if objection.settlement_id else against.decided_at
    found = {
        "is_settlement": objection.settlement_id is not None, "against_on": timezone.localtime(moment).date(),
        "set_aside_revoked": bool(objection.decision_id) and against.outcome == Decision.Outcome.SET_ASIDE,
        "is_reclaim": objection.reclaim_id is not None,
    }  # fmt: skip
    if objection.reclaim_id:
        new = Reclaim.objects.filter(on_objection=objection).first()
        refund = against.refunds.order_by("-pk").first()
        still_owed = new.amount if new else (against.amount - refund.amount if refund else against.amount)
        if against.status == Reclaim.Status.WITHDRAWN and new is None:
            still_owed = 0
        found |= {
            "objected_reclaim": against, "new_reclaim": new, "refund": refund, "still_owed": still_owed,
            "iban": settings.RECLAIM_IBAN,
        }  # fmt: skip
    return found


def _set_aside_request(decision: Decision):
    """The information request whose expiry the decision sets the application aside for (Awb 4:5), if it does."""
    if decision.outcome != Decision.Outcome.SET_ASIDE:
        return None
    requests = decision.application.information_requests
    return requests.filter(outcome=InformationRequest.Outcome.SET_ASIDE).order_by("-closed_at").first()


def context_for(decision: Decision) -> dict:
    """Everything a letter of this decision shows, with the variables of an officer's text."""
    context = _context(decision)
    return {**context, "variables": _variables(context)}


def issue_decision_letter(
    decision: Decision, *, ceiling_reached: bool = False, send: bool = True, pdf_now: bool = True
) -> Letter:
    """The decision's letter, rendered and stored now (call inside the deciding transaction); its PDF is made from
    that now, or after the commit by the worker (`pdf_now=False`)."""
    application = decision.application
    kind = kind_of(decision, ceiling_reached=ceiling_reached)
    with override("nl"):
        title = str(registry.get(kind).label).capitalize()
    with_number = f"{application.reference}/B{decision.pk}"
    return letters.issue(
        kind=kind, subject=decision, organisation=application.organisation, reference=with_number,
        title=f"{title}: {application.reference}", context=context_for(decision),
        recipients=recipients(application.organisation), send=send, pdf_now=pdf_now,
    )  # fmt: skip


def application_of(letter: Letter):
    """The application a letter is about, whatever its subject: a decision, settlement or reclaim (its
    `application`), an objection (through what it is against), a hearing or postponement (through its objection)."""
    subject = letter.subject
    if isinstance(subject, Hearing | ObjectionTermExtension):
        subject = subject.objection
    if isinstance(subject, Objection):
        return subject.against.application
    return getattr(subject, "application", None)


def resend_letter(letter: Letter, *, by) -> Delivery:
    """Send any stored letter about an application again, to the organisation's contact addresses as they are now."""
    return letters.resend(letter=letter, recipients=recipients(letter.organisation), by=by)


def letter_of(subject) -> Letter | None:
    """The stored letter of a decision, settlement or reclaim (one letter per subject)."""
    return Letter.objects.filter(
        subject_type=ContentType.objects.get_for_model(type(subject)), subject_id=subject.pk
    ).first()


def letter_response(request, decision: Decision) -> HttpResponse:
    """The decision's letter as it was issued (a decision without a stored letter has none to serve)."""
    letter = letter_of(decision)
    if letter is None:
        raise Http404("This decision has no stored letter.")
    return stored_letter_response(request, letter)
