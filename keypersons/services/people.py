"""Key persons and their consent: one transaction each, each one written to the access log.

The consent rule lives here: a key person's profile (neighbourhoods, domains, languages, position)
is stored only under a valid consent, and ties only under a consent that covers ties (AVG art.
9(2)(a)). Withdrawal or expiry removes both; erasure removes everything personal and keeps the
dated contact moments and signals, unlinked, so the counts stay the same.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit import log_access
from ..models import AccessLog, Consent, KeyPerson, SpecialCategory, Tie
from .scope import current_consent, refuse_uncovered, special_category_of
from .screening import screen

RESTRICTED = gettext_lazy(
    "Processing of this person's data is restricted (AVG art. 18): it is kept, not used. Only the director can "
    "lift the restriction."
)
PROFILE_FIELDS = ("languages", "position")
PROFILE_RELATIONS = ("neighbourhoods", "domains")


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

    A profile without a valid consent is refused, so nothing beyond name and contact is stored; the position is
    screened for special categories the consent does not name and for other people's names (AVG art. 9).
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
    if data.get("position"):
        consent = current_consent(person, today)
        screen(
            field="position", text=data["position"], exclude_people=[person.pk],
            allowed=consent.special_categories if consent else (),
        )  # fmt: skip
    if "domains" in data:
        refuse_uncovered(
            person=person, consent=current_consent(person, today), entries=data["domains"], field="domains"
        )
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
    *, person: KeyPerson, by, given_on: date, scope: str, expires_on: date, evidence: str,
    special_categories=(),
) -> Consent:  # fmt: skip
    """Record a new consent (AVG art. 7 and 9(2)(a)); it replaces the one in force.

    `special_categories` are the special categories the person named explicitly. A narrower consent removes the
    ties, and the special domains and ties to special networks, that it no longer covers.
    """
    _validate_consent(given_on=given_on, expires_on=expires_on, today=timezone.localdate())
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say how the consent was given.")})
    special_categories = sorted(set(special_categories))
    if any(category not in SpecialCategory.values for category in special_categories):
        raise ValidationError({"special_categories": _("Choose special categories from the list.")})
    consent = Consent.objects.create(
        key_person=person,
        given_on=given_on,
        scope=scope,
        expires_on=expires_on,
        evidence=evidence,
        special_categories=special_categories,
        recorded_by=by,
    )
    if not consent.covers_ties:
        remove_ties(person)
    _remove_uncovered(person, consent)
    log_access(by, AccessLog.What.CHANGE, person)
    return consent


def _remove_uncovered(person: KeyPerson, consent: Consent) -> None:
    """Remove what links a special category to the person that the new consent does not name."""
    uncovered = [d for d in person.domains.all() if not consent.covers_category(special_category_of(d))]
    person.domains.remove(*uncovered)
    for tie in Tie.objects.filter(key_person=person, network__isnull=False).select_related("network"):
        if not consent.covers_category(tie.network.special_category):
            tie.delete()


def remove_ties(person: KeyPerson) -> None:
    Tie.objects.filter(models.Q(key_person=person) | models.Q(other_person=person)).delete()


def _strip_profile(person: KeyPerson) -> None:
    person.languages = ""
    person.position = ""
    person.save(update_fields=["languages", "position"])
    person.neighbourhoods.clear()
    person.domains.clear()
    remove_ties(person)


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
