"""The letters of the objection procedure that are no decision: the acknowledgement of receipt (Awb 6:14), the
invitation to the hearing (Awb 7:2) and the notice that the decision is postponed (Awb 7:10(3)). They carry no
remedy (no objection lies against them); each is issued once, stored and mailed like every letter."""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from letters import registry
from letters import services as letters
from letters.models import Letter
from letters.queries import letters_about, with_deliveries

from .letters import _contact_person, recipients
from .models import Decision, Hearing, Objection, ObjectionTermExtension, Reclaim, Settlement

NOTICE_KINDS = (
    ("objection_acknowledgement", _("acknowledgement of an objection")),
    ("hearing_invitation", _("invitation to the hearing on an objection")),
    ("objection_term_extended", _("decision on objection postponed")),
)
# Each kind's subject: the row whose one letter it is (letters allow one letter per subject).
SUBJECT_OF = {
    "objection_acknowledgement": Objection,
    "hearing_invitation": Hearing,
    "objection_term_extended": ObjectionTermExtension,
}
LETTER_NUMBER = {
    "objection_acknowledgement": "OB",
    "hearing_invitation": "OH",
    "objection_term_extended": "OV",
}


# What a policy officer may use in the text of these letters (letters/bodies.py), per kind, and what it must say.
COMMON = {
    "organisation": _("the organisation's name"),
    "contact_person": _("the contact person"),
    "application_title": _("the title of the application"),
    "application_reference": _("the application's reference"),
    "received_on": _("the date the objection was received"),
    "against": _("what the objection is against, with its date"),
    "decision_due_on": _("the date we decide on the objection by"),
}
VARIABLES = {
    "objection_acknowledgement": COMMON,
    "hearing_invitation": {
        **COMMON,
        "hearing_at": _("the date and time of the hearing"),
        "hearing_place": _("the place of the hearing"),
        "hearing_invited": _("who is invited to the hearing"),
    },
    "objection_term_extended": {
        **COMMON,
        "previous_due_on": _("the date we would have decided by"),
        "extension_reason": _("the reason for postponing"),
    },
}
# Awb 6:14 (receipt and the decision term), 7:2 (when and where to be heard), 7:10(3) (the new term and why).
REQUIRED = {
    "objection_acknowledgement": ("received_on", "decision_due_on"),
    "hearing_invitation": ("hearing_at", "hearing_place"),
    "objection_term_extended": ("decision_due_on", "extension_reason"),
}
STARTER_TEXT = {
    "objection_acknowledgement": "Op {{ received_on }} hebben wij uw bezwaarschrift ontvangen tegen {{ against }} "
    "over uw aanvraag {{ application_reference }}. Met deze brief bevestigen wij de ontvangst (artikel 6:14 Awb)."
    "\n\nWij beslissen uiterlijk op {{ decision_due_on }} (artikel 7:10 Awb).",
    "hearing_invitation": "Wij nodigen u uit om uw bezwaar tegen {{ against }} toe te lichten op een hoorzitting "
    "(artikel 7:2 Awb).\n\n## Wanneer en waar\n\n{{ hearing_at }}, {{ hearing_place }}.\n\n"
    "Wij beslissen op uw bezwaar uiterlijk op {{ decision_due_on }}.",
    "objection_term_extended": "Wij zouden uiterlijk op {{ previous_due_on }} op uw bezwaar beslissen. Wij verdagen "
    "onze beslissing (artikel 7:10, derde lid, Awb) tot uiterlijk {{ decision_due_on }}.\n\n## Reden\n\n"
    "{{ extension_reason }}",
}


def register_kinds() -> None:
    for name, label in NOTICE_KINDS:
        registry.register(name, label=label, remedy=None, variables=VARIABLES[name], required=REQUIRED[name])


def starter_text(kind: str) -> str:
    return STARTER_TEXT[kind]


def _variables(context: dict) -> dict:
    """The values of the variables for one notice, as the Dutch letter writes them."""
    objection, application = context["objection"], context["application"]
    hearing, extension = context.get("hearing"), context.get("extension")

    def day(value):
        return date_format(value, "j F Y") if value else ""

    with override("nl"):
        against = (
            "de vaststelling van uw subsidie van %s"
            if context["is_settlement"]
            else "de terugvordering van %s"
            if objection.reclaim_id
            else "ons besluit van %s"
        )
        return {
            "organisation": application.organisation.name, "contact_person": context["contact_person"],
            "application_title": application.title, "application_reference": application.reference,
            "received_on": day(objection.received_on), "against": against % day(context["against_on"]),
            "decision_due_on": day(extension.due_on if extension else objection.decision_due_on),
            "hearing_at": date_format(context["starts_at"], "l j F Y, H:i") if hearing else "",
            "hearing_place": hearing.place if hearing else "", "hearing_invited": hearing.invited if hearing else "",
            "previous_due_on": day(extension.previous_due_on) if extension else "",
            "extension_reason": extension.reason if extension else "",
        }  # fmt: skip


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def context_for(objection: Objection, **extra) -> dict:
    """What a letter about an objection shows: the objection, what it is against, and the decision term."""
    against = objection.against
    application = against.application
    round_ = application.round
    context = {
        "objection": objection, "against": against, "is_settlement": objection.settlement_id is not None,
        "is_reclaim": objection.reclaim_id is not None,
        "against_on": _day(getattr(against, "decided_at", None) or getattr(against, "settled_at", None)),
        "application": application, "round": round_, "programme": round_.programme,
        "organisation": application.organisation, "contact_person": _contact_person(application),
        "decided_on": timezone.localdate(), **extra,
    }  # fmt: skip
    return {**context, "variables": _variables(context)}


def issue_notice(kind: str, subject, objection: Objection, **extra) -> Letter:
    """Render, store and queue the letter of `kind` about `subject` (call inside the service's transaction)."""
    application = objection.against.application
    with override("nl"):
        title = str(registry.get(kind).label).capitalize()
    return letters.issue(
        kind=kind, subject=subject, organisation=application.organisation,
        reference=f"{application.reference}/{LETTER_NUMBER[kind]}{subject.pk}",
        title=f"{title}: {application.reference}", context=context_for(objection, **extra),
        recipients=recipients(application.organisation),
    )  # fmt: skip


def letters_of(objection: Objection) -> list[Letter]:
    """The notices about one objection, in the order of the procedure."""
    return letters_of_all([objection])


def letters_of_all(objections: list[Objection]) -> list[Letter]:
    """The notices about these objections, objection by objection in the order of the procedure, in the same few
    queries however many objections there are (the application page lists them all)."""
    ids = [objection.pk for objection in objections]
    if not ids:
        return []
    # Each subject's objection: the objection itself, its hearings and its postponements.
    owners = {
        Objection: {pk: pk for pk in ids},
        Hearing: dict(Hearing.objects.filter(objection__in=ids).values_list("pk", "objection_id")),
        ObjectionTermExtension: dict(
            ObjectionTermExtension.objects.filter(objection__in=ids).values_list("pk", "objection_id")
        ),
    }
    models = list(owners)  # the order of the procedure
    types = [ContentType.objects.get_for_model(model) for model in models]
    step_of = {content_type.pk: step for step, content_type in enumerate(types)}
    wanted = [
        Q(subject_type=content_type, subject_id__in=list(owners[model]))
        for model, content_type in zip(models, types, strict=True)
        if owners[model]
    ]
    order = {pk: index for index, pk in enumerate(ids)}

    def place(item: tuple[int, Letter]) -> tuple[int, int, int]:
        position, letter = item
        step = step_of[letter.subject_type_id]
        return order[owners[models[step]][letter.subject_id]], step, position

    found = enumerate(with_deliveries(Letter.objects.filter(reduce(or_, wanted))))
    return [letter for _position, letter in sorted(found, key=place)]


def attach_letters(decisions: list, settlements: list) -> list[Letter]:
    """For the application page: set `letter` on each decision and settlement, `reclaim_letter` on a settlement
    with a reclaim, and return the letters of the objection procedure against any of them."""
    reclaims = [s.reclaim for s in settlements if getattr(s, "reclaim", None) is not None]
    by_subject = {}
    for model, subjects in ((Decision, decisions), (Settlement, settlements), (Reclaim, reclaims)):
        by_subject |= {(model, letter.subject_id): letter for letter in letters_about(subjects)}
    for subject in [*decisions, *settlements]:
        subject.letter = by_subject.get((type(subject), subject.pk))
    for settlement in settlements:
        reclaim = getattr(settlement, "reclaim", None)
        settlement.reclaim_letter = by_subject.get((Reclaim, reclaim.pk)) if reclaim else None
    objections = [o for subject in [*decisions, *settlements] for o in subject.objections.all()]
    return letters_of_all(objections)
