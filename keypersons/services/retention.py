"""The retention review (AVG art. 5(1)(e), storage limitation): keep a record only while it is needed.

After two years without contact the director reviews the person (queries/retention.py says who is due): keep
the record for another period, with a reason, or erase it. A record nobody reviewed within three months after
that is pseudonymised (AVG art. 4(5)): the name and contact details go, every mention of the person in the
network's text becomes a pseudonym, and what is left can no longer be tied to them without other information.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import log_access
from ..models import AccessLog, KeyPerson, RetentionReview
from .erasure import unlink_everything
from .mentions import replace_mentions


def pseudonym(person: KeyPerson) -> str:
    return f"[sleutelpersoon {person.pk}]"


@transaction.atomic
def keep_after_review(*, person: KeyPerson, by, reason: str) -> RetentionReview:
    """The director decides to keep a record that had no contact for two years, and says why."""
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is still needed.")})
    review = RetentionReview.objects.create(
        key_person=person,
        decision=RetentionReview.Decision.KEEP,
        reason=reason,
        decided_on=timezone.localdate(),
        by=by,
    )
    log_access(by, AccessLog.What.CHANGE, person, detail="retention review: kept")
    return review


@transaction.atomic
def pseudonymise_key_person(*, person: KeyPerson, by=None) -> KeyPerson:
    """Pseudonymise a record that was not reviewed in time (AVG art. 5(1)(e) and 4(5)).

    Every mention of the person in every text column (the rule of keypersons/mentions.py) becomes
    "[sleutelpersoon <number>]"; the name becomes that pseudonym, the contact details, profile, ties,
    actions and the notes of their contact moments go. The dated contact moments stay linked to the pseudonym.
    """
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    marker = pseudonym(person)
    replaced = replace_mentions(person, marker)
    unlink_everything(person)
    person.name = marker
    for field in ("email", "phone", "languages", "position"):
        setattr(person, field, "")
    person.status = KeyPerson.Status.ENDED
    person.save()
    RetentionReview.objects.create(
        key_person=person,
        decision=RetentionReview.Decision.PSEUDONYMISED,
        decided_on=timezone.localdate(),
        by=by,
    )
    log_access(by, AccessLog.What.CHANGE, person, detail=f"pseudonymised, {replaced} mentions replaced")
    return person
