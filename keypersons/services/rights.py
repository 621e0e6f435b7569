"""A key person's rights: access (AVG art. 15), rectification (16), restriction (18) and objection (21).

Erasure (art. 17) is services/erasure.py. Every request is recorded with the date it was received, the decision
and its grounds (art. 12(3): an answer within one month; art. 5(2): the controller proves how it complied).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import log_access
from ..models import AccessLog, KeyPerson, Rectification, RightsRequest
from .people import current_consent

PROFILE_DETAILS = {Rectification.Field.LANGUAGES, Rectification.Field.POSITION}


def _lock(person: KeyPerson) -> KeyPerson:
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    return person


def _received(received_on: date | None) -> date:
    today = timezone.localdate()
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date the request was received.")})
    if received_on > today:
        raise ValidationError({"received_on": _("A request cannot be received in the future.")})
    return received_on


def _request(person, by, right, received_on, outcome, grounds="") -> RightsRequest:
    return RightsRequest.objects.create(
        key_person=person, right=right, received_on=received_on, decided_on=timezone.localdate(),
        outcome=outcome, grounds=grounds, recorded_by=by,
    )  # fmt: skip


@transaction.atomic
def issue_access_copy(*, person: KeyPerson, by, received_on: date) -> RightsRequest:
    """Right of access (AVG art. 15): a copy of everything held about the person, stored once as issued.

    The copy (JSON and a tagged PDF, keypersons/access_copy.py) holds the person's own record, their mentions
    elsewhere with other people's details left out (art. 15(4)), who saw the record and when, the purposes,
    legal bases, recipients, retention, source and their rights with how to use them.
    """
    from ..access_copy import access_copy_json, access_copy_pdf, subject_data

    person = _lock(person)
    received_on = _received(received_on)
    request = _request(person, by, RightsRequest.Right.ACCESS, received_on, RightsRequest.Outcome.GRANTED)
    data = subject_data(person)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    request.copy_json.save(f"inzage-{stamp}.json", ContentFile(access_copy_json(data)), save=False)
    request.copy_pdf.save(f"inzage-{stamp}.pdf", ContentFile(access_copy_pdf(data)), save=False)
    request.save(update_fields=["copy_json", "copy_pdf"])
    log_access(by, AccessLog.What.EXPORT, person, detail="access copy issued")
    return request


def _clean_value(person: KeyPerson, field: str, value: str) -> str:
    value = value.strip()
    if field == Rectification.Field.NAME and not value:
        raise ValidationError({"value": _("Give the key person's name.")})
    if field == Rectification.Field.EMAIL and value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"value": _("Enter a valid e-mail address.")}) from None
    if field in PROFILE_DETAILS and value and current_consent(person) is None:
        raise ValidationError(
            {"value": _("Languages and position are stored only with the person's consent.")}
        )
    max_length = KeyPerson._meta.get_field(field).max_length
    if max_length and len(value) > max_length:
        raise ValidationError({"value": _("At most %(count)d characters.") % {"count": max_length}})
    return value


@transaction.atomic
def rectify(
    *, person: KeyPerson, by, received_on: date, field: str, value: str, note: str = ""
) -> RightsRequest:
    """Right to rectification (AVG art. 16): correct one detail; what it was and what it became are kept."""
    person = _lock(person)
    received_on = _received(received_on)
    if field not in Rectification.Field.values:
        raise ValidationError({"field": _("Choose the detail to correct.")})
    value = _clean_value(person, field, value)
    before = getattr(person, field)
    if before == value:
        raise ValidationError({"value": _("This is what is recorded already.")})
    request = _request(
        person, by, RightsRequest.Right.RECTIFICATION, received_on, RightsRequest.Outcome.GRANTED, note
    )
    Rectification.objects.create(request=request, field=field, before=before, after=value)
    setattr(person, field, value)
    person.save(update_fields=[field, "updated_at"])
    log_access(by, AccessLog.What.CHANGE, person, detail=f"rectified: {field}")
    return request


@transaction.atomic
def restrict(*, person: KeyPerson, by, received_on: date, grounds: str) -> RightsRequest:
    """Restriction of processing (AVG art. 18): the record is kept but not used. A restricted person is offered in
    no contact form, left out of every list, map and reminder, and only the director can open the record."""
    person = _lock(person)
    received_on = _received(received_on)
    if person.restricted_at:
        raise ValidationError(_("Processing of this person's data is restricted already."))
    if not grounds.strip():
        raise ValidationError(
            {"grounds": _("Say on which ground of article 18 the processing is restricted.")}
        )
    request = _request(
        person, by, RightsRequest.Right.RESTRICTION, received_on, RightsRequest.Outcome.GRANTED, grounds
    )
    person.restricted_at = timezone.now()
    person.save(update_fields=["restricted_at", "updated_at"])
    log_access(by, AccessLog.What.CHANGE, person, detail="processing restricted")
    return request


@transaction.atomic
def lift_restriction(*, person: KeyPerson, by, grounds: str) -> RightsRequest:
    """Lift a restriction (AVG art. 18(3)): only after the person has been told, which the grounds record."""
    person = _lock(person)
    if not person.restricted_at:
        raise ValidationError(_("Processing of this person's data is not restricted."))
    if not grounds.strip():
        raise ValidationError({"grounds": _("Say why the restriction ends and when the person was told.")})
    request = _request(
        person,
        by,
        RightsRequest.Right.RESTRICTION,
        timezone.localdate(),
        RightsRequest.Outcome.LIFTED,
        grounds,
    )
    person.restricted_at = None
    person.save(update_fields=["restricted_at", "updated_at"])
    log_access(by, AccessLog.What.CHANGE, person, detail="restriction lifted")
    return request


@transaction.atomic
def decide_objection(
    *, person: KeyPerson, by, received_on: date, compelling_grounds: bool, grounds: str = ""
) -> RightsRequest:
    """Right to object (AVG art. 21(1)) to processing for a public task (art. 6(1)(e)).

    The processing stops unless the municipality demonstrates compelling legitimate grounds that override the
    person's interests, which are then recorded with the decision. Without them the objection is granted: the
    processing stops at once (the record is restricted) and the director is led to the erasure, where the
    mentions to be erased are shown before it is confirmed.
    """
    person = _lock(person)
    received_on = _received(received_on)
    if compelling_grounds and not grounds.strip():
        raise ValidationError(
            {"grounds": _("Describe the compelling legitimate grounds that override the person's interests.")}
        )
    outcome = RightsRequest.Outcome.REFUSED if compelling_grounds else RightsRequest.Outcome.GRANTED
    request = _request(person, by, RightsRequest.Right.OBJECTION, received_on, outcome, grounds)
    if not compelling_grounds and not person.restricted_at:
        person.restricted_at = timezone.now()
        person.save(update_fields=["restricted_at", "updated_at"])
    log_access(by, AccessLog.What.CHANGE, person, detail=f"objection {outcome}")
    return request
