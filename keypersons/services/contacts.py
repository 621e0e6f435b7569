"""Contact moments, temperature readings, and each key person's last contact that follows from them."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..audit import log_access
from ..models import AccessLog, ContactMoment, KeyPerson, LastContact, Signal, TemperatureReading
from .dates import refuse_future
from .people import RESTRICTED
from .scope import check_contact, covered_categories
from .screening import screen
from .signals import add_action, record_signal


@transaction.atomic
def record_temperature(
    *, by, neighbourhood, level: int, measured_on: date, source: str
) -> TemperatureReading:
    """A temperature reading for a neighbourhood: 1 calm – 5 high tension."""
    if level is None or not 1 <= int(level) <= 5:
        raise ValidationError({"level": _("The temperature is a number from 1 (calm) to 5 (high tension).")})
    refuse_future(measured_on, "measured_on", _("A temperature cannot be taken in the future."))
    reading = TemperatureReading.objects.create(
        neighbourhood=neighbourhood, level=level, measured_on=measured_on, source=source, recorded_by=by
    )
    log_access(by, AccessLog.What.CREATE, reading)
    return reading


@transaction.atomic
def log_contact(
    *, by, occurred_on: date, key_persons, channel: str, topics=(), notes: str = "", follow_up: str = "",
    follow_up_due_on: date | None = None, readings=(), signal: dict | None = None,
) -> ContactMoment:  # fmt: skip
    """Log a contact moment with its temperature readings, a signal and a follow-up, all or nothing.

    Consent governs what it may say (AVG art. 6, 7, 9 and 14, see scope.py): with someone without valid consent it
    records only that they were informed and asked for consent; a special theme needs every person's explicit
    consent to that category (art. 9(2)(a)), whatever the form sent.

    The readings and the signal are about neighbourhoods: they are not linked to the contact moment
    or to the key persons, so nothing ties a signal to a named person.
    """
    # Lock the people (in one order, as an erasure locks its person first): an erasure at the same moment
    # either comes before, and this contact is refused, or waits until this contact is stored.
    chosen = list(key_persons)
    locked = KeyPerson.objects.select_for_update().filter(pk__in=[p.pk for p in chosen]).order_by("pk")
    by_pk = {person.pk: person for person in locked}
    key_persons = [by_pk[p.pk] for p in chosen if p.pk in by_pk]
    if not key_persons:
        raise ValidationError({"key_persons": _("Choose who you spoke to.")})
    if any(p.erased_at for p in key_persons):
        raise ValidationError({"key_persons": _("An erased key person cannot be contacted.")})
    if any(p.restricted_at for p in key_persons):
        raise ValidationError({"key_persons": RESTRICTED})
    refuse_future(occurred_on, "occurred_on", _("A contact moment cannot lie in the future."))
    topics = list(topics)
    is_informing = check_contact(people=key_persons, topics=topics, notes=notes, follow_up=follow_up)
    if not is_informing:  # notes within the consent's scope: only the special categories every consent names
        allowed = covered_categories(key_persons) or set()
        for field, text in (("notes", notes), ("follow_up", follow_up)):
            screen(field=field, text=text, allowed=allowed, exclude_people=[p.pk for p in key_persons])
    moment = ContactMoment.objects.create(
        occurred_on=occurred_on, staff_member=by, channel=channel, notes=notes, follow_up=follow_up,
        is_informing=is_informing,
    )  # fmt: skip
    moment.key_persons.set(key_persons)
    refresh_last_contact([p.pk for p in key_persons])  # under the locks taken above
    moment.topics.set(topics)
    log_access(by, AccessLog.What.CREATE, moment)
    for reading in readings:
        record_temperature(
            by=by, measured_on=occurred_on, source=TemperatureReading.Source.KEY_PERSON, **reading
        )
    if signal:
        record_signal(by=by, observed_on=occurred_on, source=Signal.Source.KEY_PERSON, **signal)
    if follow_up and follow_up_due_on:
        add_action(by=by, description=follow_up, owner=by, due_on=follow_up_due_on, key_person=key_persons[0])
    return moment


def refresh_last_contact(person_ids: Iterable[int]) -> None:
    """Work out these people's `LastContact` again from their contact moments.

    Every service that links, unlinks or re-dates contact moments calls this inside its transaction,
    after taking the lock on the people (`select_for_update`, in pk order), so two writers for one
    person take turns and the second one sees what the first one stored. A person without any
    linked contact has no row.
    """
    person_ids = sorted(set(person_ids))
    if not person_ids:
        return
    latest = dict(
        ContactMoment.key_persons.through.objects.filter(keyperson_id__in=person_ids)
        .order_by()
        .values_list("keyperson_id")
        .annotate(last=Max("contactmoment__occurred_on"))
    )
    LastContact.objects.filter(key_person_id__in=person_ids).exclude(key_person_id__in=latest).delete()
    LastContact.objects.bulk_create(
        [LastContact(key_person_id=pk, occurred_on=day) for pk, day in sorted(latest.items())],
        update_conflicts=True,
        unique_fields=["key_person"],
        update_fields=["occurred_on"],
    )
