"""Every change to the key-person network: one transaction each, each one written to the access log.

The consent rule lives here: a key person's profile (neighbourhoods, domains, languages, position)
is stored only under a valid consent, and ties only under a consent that covers ties (AVG art.
9(2)(a)). Withdrawal or expiry removes both; erasure removes everything personal and keeps the
dated contact moments and signals, unlinked, so the counts stay the same.
"""

import re
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.models import Reminder

from .audit import log_access
from .models import (
    SIGNAL_TRANSITIONS,
    AccessLog,
    Action,
    Consent,
    ContactMoment,
    KeyPerson,
    LastContact,
    Signal,
    SignalState,
    SignalStateChange,
    TemperatureReading,
    Tie,
)

PROFILE_FIELDS = ("languages", "position")
PROFILE_RELATIONS = ("neighbourhoods", "domains")
ERASED = "[gewist]"


def current_consent(person: KeyPerson, today: date | None = None) -> Consent | None:
    """The consent in force today: the most recent one that is neither withdrawn nor expired."""
    today = today or timezone.localdate()
    for consent in person.consents.all():  # newest first; uses a prefetch when there is one
        if consent.is_valid_on(today):
            return consent
    return None


def _has_profile(data: dict) -> bool:
    return any(data.get(field) for field in PROFILE_FIELDS) or any(data.get(rel) for rel in PROFILE_RELATIONS)


def _validate_consent(*, given_on: date, expires_on: date, today: date) -> None:
    if given_on > today:
        raise ValidationError({"given_on": _("Consent cannot be given in the future.")})
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The expiry date must lie in the future.")})
    if expires_on <= given_on:
        raise ValidationError(
            {"expires_on": _("The expiry date must come after the date consent was given.")}
        )


@transaction.atomic
def save_key_person(
    *, by, data: dict, person: KeyPerson | None = None, consent: dict | None = None
) -> KeyPerson:
    """Create or change a key person; with `consent` (given_on, scope, expires_on, evidence) it is recorded first.

    A profile without a valid consent is refused, so nothing beyond name and contact is stored.
    """
    today = timezone.localdate()
    is_new = person is None
    person = person or KeyPerson()
    for field in ("name", "email", "phone", "status", "contact_every_weeks", "introduced_by"):
        if field in data:
            setattr(person, field, data[field])
    if not person.name.strip():
        raise ValidationError({"name": _("Give the key person's name.")})
    if person.pk and data.get("introduced_by") and data["introduced_by"].pk == person.pk:
        raise ValidationError({"introduced_by": _("A key person cannot have introduced themselves.")})
    person.save()
    if consent:
        record_consent(person=person, by=by, **consent)
    if _has_profile(data) and current_consent(person, today) is None:
        raise ValidationError(
            _("Neighbourhoods, domains, languages and position are stored only with the person's consent. "
              "Record their consent first.")
        )  # fmt: skip
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    person.save()
    for relation in PROFILE_RELATIONS:
        if relation in data:
            getattr(person, relation).set(data[relation])
    log_access(by, AccessLog.What.CREATE if is_new else AccessLog.What.CHANGE, person)
    return person


@transaction.atomic
def record_consent(
    *, person: KeyPerson, by, given_on: date, scope: str, expires_on: date, evidence: str
) -> Consent:
    """Record a new consent; it replaces the one in force. A narrower scope removes the ties it no longer covers."""
    _validate_consent(given_on=given_on, expires_on=expires_on, today=timezone.localdate())
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say how the consent was given.")})
    consent = Consent.objects.create(
        key_person=person,
        given_on=given_on,
        scope=scope,
        expires_on=expires_on,
        evidence=evidence,
        recorded_by=by,
    )
    if not consent.covers_ties:
        _remove_ties(person)
    log_access(by, AccessLog.What.CHANGE, person)
    return consent


def _remove_ties(person: KeyPerson) -> None:
    Tie.objects.filter(models.Q(key_person=person) | models.Q(other_person=person)).delete()


def _strip_profile(person: KeyPerson) -> None:
    person.languages = ""
    person.position = ""
    person.save(update_fields=["languages", "position"])
    person.neighbourhoods.clear()
    person.domains.clear()
    _remove_ties(person)


@transaction.atomic
def withdraw_consent(*, person: KeyPerson, by, on: date | None = None) -> None:
    """Consent withdrawn (AVG art. 7(3)): the profile and all ties are removed; name and contact remain."""
    on = on or timezone.localdate()
    person.consents.filter(withdrawn_on__isnull=True).update(withdrawn_on=on)
    _strip_profile(person)
    log_access(by, AccessLog.What.CHANGE, person)


@transaction.atomic
def remove_expired_profile(*, person: KeyPerson, by) -> None:
    """Consent expired: the same removal as on withdrawal (run by the daily task)."""
    _strip_profile(person)
    log_access(by, AccessLog.What.CHANGE, person)


@transaction.atomic
def add_tie(*, person: KeyPerson, by, network=None, other_person=None, organisation=None, role: str = "", strength: int = Tie.Strength.REGULAR) -> Tie:  # fmt: skip
    """Tie a key person to one network, key person or organisation; only under consent that covers ties."""
    if sum(target is not None for target in (network, other_person, organisation)) != 1:
        raise ValidationError(_("Choose exactly one network, key person or organisation."))
    for someone in (person, other_person):
        if someone is None:
            continue
        consent = current_consent(someone)
        if consent is None or not consent.covers_ties:
            raise ValidationError(
                _("%(name)s has not consented to storing ties. Record a consent that covers ties first.")
                % {"name": someone}
            )
    if other_person is not None and other_person.pk == person.pk:
        raise ValidationError(_("A key person cannot be tied to themselves."))
    try:
        with transaction.atomic():
            tie = Tie.objects.create(
                key_person=person, network=network, other_person=other_person, organisation=organisation,
                role=role, strength=strength,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("This tie exists already.")) from None
    log_access(by, AccessLog.What.CHANGE, person)
    return tie


@transaction.atomic
def remove_tie(*, tie: Tie, by) -> None:
    person = tie.key_person
    tie.delete()
    log_access(by, AccessLog.What.CHANGE, person)


def _not_in_future(day: date, field: str, message) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: message})


@transaction.atomic
def record_temperature(
    *, by, neighbourhood, level: int, measured_on: date, source: str
) -> TemperatureReading:
    """A temperature reading for a neighbourhood: 1 calm – 5 high tension."""
    if level is None or not 1 <= int(level) <= 5:
        raise ValidationError({"level": _("The temperature is a number from 1 (calm) to 5 (high tension).")})
    _not_in_future(measured_on, "measured_on", _("A temperature cannot be taken in the future."))
    reading = TemperatureReading.objects.create(
        neighbourhood=neighbourhood, level=level, measured_on=measured_on, source=source, recorded_by=by
    )
    log_access(by, AccessLog.What.CREATE, reading)
    return reading


@transaction.atomic
def record_signal(*, by, observed_on: date, neighbourhood, theme, severity: int, source: str, description: str, escalated_to=()) -> Signal:  # fmt: skip
    """A signal of tension in a neighbourhood around a theme; it starts as new."""
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Choose the neighbourhood where the tension is.")})
    _not_in_future(observed_on, "observed_on", _("A signal cannot be observed in the future."))
    if not description.strip():
        raise ValidationError({"description": _("Describe what was observed.")})
    signal = Signal.objects.create(
        observed_on=observed_on, neighbourhood=neighbourhood, theme=theme, severity=severity, source=source,
        description=description, recorded_by=by,
    )  # fmt: skip
    if escalated_to:
        signal.escalated_to.set(escalated_to)
    log_access(by, AccessLog.What.CREATE, signal)
    return signal


@transaction.atomic
def transition_signal(*, signal: Signal, to: str, by, note: str = "") -> Signal:
    """Move a signal through new → assessing → action → monitoring → closed, as SIGNAL_TRANSITIONS allows."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if to not in SIGNAL_TRANSITIONS[signal.state]:
        raise ValidationError(
            _("A signal that is %(from)s cannot become %(to)s.")
            % {
                "from": SignalState(signal.state).label,
                "to": SignalState(to).label if to in SignalState.values else to,
            }
        )
    SignalStateChange.objects.create(signal=signal, from_state=signal.state, to_state=to, note=note, by=by)
    signal.state = to
    signal.closed_at = timezone.now() if to == SignalState.CLOSED else None
    signal.save(update_fields=["state", "closed_at"])
    log_access(by, AccessLog.What.CHANGE, signal)
    return signal


@transaction.atomic
def escalate_signal(*, signal: Signal, partners, by, note: str = "") -> Signal:
    """Escalate to partners (police, youth work, safety domain); written in the signal's history."""
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": _("Choose at least one partner.")})
    signal.escalated_to.add(*partners)
    names = ", ".join(str(p) for p in partners)
    SignalStateChange.objects.create(
        signal=signal, from_state=signal.state, to_state=signal.state, by=by,
        note=_("Escalated to %(partners)s. %(note)s") % {"partners": names, "note": note},
    )  # fmt: skip
    log_access(by, AccessLog.What.CHANGE, signal)
    return signal


@transaction.atomic
def add_action(*, by, description: str, owner, due_on: date, signal: Signal | None = None, key_person: KeyPerson | None = None) -> Action:  # fmt: skip
    if (signal is None) == (key_person is None):
        raise ValidationError(_("An action belongs to a signal or to a key person."))
    if not description.strip():
        raise ValidationError({"description": _("Say what is to be done.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    action = Action.objects.create(signal=signal, key_person=key_person, description=description, owner=owner, due_on=due_on)  # fmt: skip
    log_access(by, AccessLog.What.CREATE, action)
    return action


@transaction.atomic
def complete_action(*, action: Action, by) -> Action:
    if action.done_on is None:
        action.done_on = timezone.localdate()
        action.save(update_fields=["done_on"])
        log_access(by, AccessLog.What.CHANGE, action)
    return action


@transaction.atomic
def log_contact(
    *, by, occurred_on: date, key_persons, channel: str, topics=(), notes: str = "", follow_up: str = "",
    follow_up_due_on: date | None = None, readings=(), signal: dict | None = None,
) -> ContactMoment:  # fmt: skip
    """Log a contact moment with its temperature readings, a signal and a follow-up, all or nothing.

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
    _not_in_future(occurred_on, "occurred_on", _("A contact moment cannot lie in the future."))
    moment = ContactMoment.objects.create(
        occurred_on=occurred_on, staff_member=by, channel=channel, notes=notes, follow_up=follow_up
    )
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


def refresh_last_contact(person_ids) -> None:
    """Work out these people's `LastContact` again from their contact moments.

    Every service that links, unlinks or re-dates contact moments calls this inside its transaction,
    after taking the lock on the people (`select_for_update`, in pk order), so two writers for one
    person take turns and the second one sees what the first one stored. A person without any
    linked contact has no row.
    """
    person_ids = sorted(set(person_ids))
    if not person_ids:
        return
    links = ContactMoment.key_persons.through.objects.filter(keyperson_id__in=person_ids)
    latest = dict(
        links.order_by().values("keyperson_id").annotate(last=Max("contactmoment__occurred_on")).values_list("keyperson_id", "last")
    )  # fmt: skip
    LastContact.objects.filter(key_person_id__in=person_ids).exclude(key_person_id__in=latest).delete()
    LastContact.objects.bulk_create(
        [LastContact(key_person_id=pk, occurred_on=day) for pk, day in sorted(latest.items())],
        update_conflicts=True,
        unique_fields=["key_person"],
        update_fields=["occurred_on"],
    )


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
    _remove_ties(person)
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
