"""Erasing a key person (AVG art. 17)."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders.models import Reminder

from ..audit import log_access
from ..models import AccessLog, Action, ContactMoment, KeyPerson
from .contacts import refresh_last_contact
from .people import remove_ties

ERASED = "[gewist]"


def _scrub(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text


def _text_fields(model) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, (models.CharField, models.TextField)) and f.concrete and not f.choices]  # fmt: skip


@transaction.atomic
def erase_key_person(*, person: KeyPerson, by) -> KeyPerson:
    """Erase a key person (AVG art. 17): nothing personal is left, the statistics stay the same.

    Ties, consents and actions with the person go; their contact moments stay, dated and counted,
    without the link to the person and without notes; their name and contact details are also
    scrubbed from any other text in the network. The record itself remains as an anonymous row,
    so the network's size over time still counts it.
    """
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    needles = [value for value in (person.name, person.email, person.phone) if len(value.strip()) >= 3]
    moments = ContactMoment.objects.filter(key_persons=person)
    moments.update(notes="", follow_up="")
    person.contact_moments.clear()
    refresh_last_contact([person.pk])
    remove_ties(person)
    action_ids = list(person.actions.values_list("pk", flat=True))
    person.actions.all().delete()
    person.consents.all().delete()
    Reminder.objects.filter(
        models.Q(subject_type=ContentType.objects.get_for_model(KeyPerson), subject_id=person.pk)
        | models.Q(subject_type=ContentType.objects.get_for_model(Action), subject_id__in=action_ids)
    ).delete()
    person.neighbourhoods.clear()
    person.domains.clear()
    for field in ("name", "email", "phone", "languages", "position"):
        setattr(person, field, "")
    person.status = KeyPerson.Status.ENDED
    person.erased_at = timezone.now()
    person.save()
    if needles:
        from django.apps import apps

        for model in [*apps.get_app_config("keypersons").get_models(), Reminder]:
            if model is AccessLog:
                continue  # holds ids only
            fields = _text_fields(model)
            for field in fields:
                query = models.Q()
                for needle in needles:
                    query |= models.Q(**{f"{field}__icontains": needle})
                for row in model.objects.filter(query):
                    setattr(row, field, _scrub(getattr(row, field), needles))
                    row.save(update_fields=[field])
    log_access(by, AccessLog.What.ERASE, person)
    return person
