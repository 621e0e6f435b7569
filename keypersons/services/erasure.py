"""Erasing a key person (AVG art. 17), and what erasure and pseudonymisation share."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exports.models import ExportJob
from reminders.models import Reminder

from ..audit import log_access
from ..mentions import Patterns
from ..models import AccessLog, Action, ContactMoment, KeyPerson, Rectification, RightsRequest
from .contacts import refresh_last_contact
from .mentions import identities, replace_mentions
from .people import remove_ties

ERASED = "[gewist]"


def delete_generated_files(person: KeyPerson, patterns: list[Patterns]) -> int:
    """Delete the files made about the person: issued copies of their data, and exports that name them."""
    deleted = 0
    for request in RightsRequest.objects.filter(key_person=person):
        for field in (request.copy_json, request.copy_pdf):
            if field:
                field.delete(save=False)
                deleted += 1
    RightsRequest.objects.filter(key_person=person).update(copy_json="", copy_pdf="")
    for job in ExportJob.objects.exclude(file=""):
        text = f"{job.title} {job.params}"
        if any(p.find(text, linked=False) for p in patterns):
            job.file.delete(save=False)
            job.delete()
            deleted += 1
    return deleted


def unlink_everything(person: KeyPerson) -> None:
    """What erasure and pseudonymisation both take away: notes of the person's contacts, ties, actions,
    consents, reminders and the profile. The dated contact moments stay, so the counts stay the same."""
    moments = ContactMoment.objects.filter(key_persons=person)
    moments.update(notes="", follow_up="")
    remove_ties(person)
    action_ids = list(person.actions.values_list("pk", flat=True))
    person.actions.all().delete()
    Reminder.objects.filter(
        models.Q(subject_type=ContentType.objects.get_for_model(KeyPerson), subject_id=person.pk)
        | models.Q(subject_type=ContentType.objects.get_for_model(Action), subject_id__in=action_ids)
    ).delete()
    person.neighbourhoods.clear()
    person.domains.clear()
    Rectification.objects.filter(request__key_person=person).update(before="", after="")


@transaction.atomic
def erase_key_person(*, person: KeyPerson, by) -> KeyPerson:
    """Erase a key person (AVG art. 17): nothing personal is left, the statistics stay the same.

    Every mention of the person — the name in its variants, initials and titles, the telephone number in any
    format, the e-mail address; the rule is in keypersons/mentions.py — is replaced with "[gewist]" in every
    text column of every table (services/mentions.py), before the links that make a first name alone count
    are removed. The files made about the person are deleted. Ties, consents and actions with the person go;
    their contact moments stay, dated and counted, without the link to the person and without notes. The
    record itself remains as an anonymous row, so the network's size over time still counts it.
    """
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    known = identities(person)
    files = delete_generated_files(person, known)
    replaced = replace_mentions(person, ERASED)
    unlink_everything(person)
    person.contact_moments.clear()
    refresh_last_contact([person.pk])
    person.consents.all().delete()
    for field in ("name", "email", "phone", "languages", "position"):
        setattr(person, field, "")
    person.informed_on, person.informed_how, person.informed_by, person.information_text = (
        None,
        "",
        None,
        None,
    )
    person.status = KeyPerson.Status.ENDED
    person.erased_at = timezone.now()
    person.restricted_at = None
    person.save()
    log_access(
        by, AccessLog.What.ERASE, person,
        detail=f"{replaced} mentions replaced, {files} files deleted",
    )  # fmt: skip
    return person
