"""The letters of the objection procedure that are no decision: the acknowledgement of receipt (Awb 6:14), the
invitation to the hearing (Awb 7:2) and the notice that the decision is postponed (Awb 7:10(3)). They carry no
remedy (no objection lies against them); each is issued once, stored and mailed like every letter."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from letters import registry
from letters import services as letters
from letters.models import Letter
from letters.queries import with_deliveries

from .letters import _contact_person, recipients
from .models import Hearing, Objection, ObjectionTermExtension

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


def register_kinds() -> None:
    for name, label in NOTICE_KINDS:
        registry.register(name, label=label, remedy=None)


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def context_for(objection: Objection, **extra) -> dict:
    """What a letter about an objection shows: the objection, what it is against, and the decision term."""
    against = objection.against
    application = against.application
    round_ = application.round
    return {
        "objection": objection, "against": against, "is_settlement": objection.settlement_id is not None,
        "against_on": _day(getattr(against, "decided_at", None) or getattr(against, "settled_at", None)),
        "application": application, "round": round_, "programme": round_.programme,
        "organisation": application.organisation, "contact_person": _contact_person(application),
        "decided_on": timezone.localdate(), **extra,
    }  # fmt: skip


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
    subjects = [
        (Objection, [objection.pk]),
        (Hearing, Hearing.objects.filter(objection=objection).values_list("pk", flat=True)),
        (
            ObjectionTermExtension,
            ObjectionTermExtension.objects.filter(objection=objection).values_list("pk", flat=True),
        ),
    ]
    found = []
    for model, pks in subjects:
        found += with_deliveries(
            Letter.objects.filter(subject_type=ContentType.objects.get_for_model(model), subject_id__in=pks)
        )
    return found
