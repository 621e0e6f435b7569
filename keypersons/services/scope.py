"""What a person's consent allows to be linked to them (AVG art. 6, 7, 9 and 14), checked by every service.

Without a valid consent a person is a prospect: name, a way to reach them, who introduced them and when they
were informed (art. 14). A contact with a prospect records only that the information and the consent question
were discussed. A special category (art. 9(1)) is linked to a named person only when their consent names it
explicitly (art. 9(2)(a)), whichever way it would be linked: a theme of a contact, a domain, a tie to a network.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Consent, KeyPerson, SpecialCategory


def current_consent(person: KeyPerson, today: date | None = None) -> Consent | None:
    """The consent in force today: the most recent one that is neither withdrawn nor expired."""
    today = today or timezone.localdate()
    for consent in person.consents.all():  # newest first; uses a prefetch when there is one
        if consent.is_valid_on(today):
            return consent
    return None


def special_category_of(entry) -> str:
    """The special category a topic, domain or network reveals when linked to a person, or ""."""
    if hasattr(entry, "is_special"):
        return entry.special_category if entry.is_special else ""
    return getattr(entry, "special_category", "")


def refuse_uncovered(*, person: KeyPerson, consent: Consent | None, entries: Iterable, field: str) -> None:
    """AVG art. 9(2)(a): refuse every special entry that this person's consent does not name explicitly."""
    for entry in entries:
        category = special_category_of(entry)
        if category and (consent is None or not consent.covers_category(category)):
            raise ValidationError(
                {
                    field: _(
                        "“%(entry)s” is a special category (%(category)s). It is linked to %(name)s only when "
                        "their consent names this category explicitly (AVG art. 9(2)(a)); it does not."
                    )
                    % {"entry": entry, "category": SpecialCategory(category).label, "name": person}
                }
            )


def check_contact(*, people: list[KeyPerson], topics: list, notes: str, follow_up: str) -> bool:
    """Whether this contact is only the informing conversation with someone without valid consent (AVG art. 6, 14).

    Such a contact carries no topics, notes or follow-up; with valid consent, special topics need a consent
    that names their category, for every person spoken to.
    """
    consents = {person.pk: current_consent(person) for person in people}
    prospects = [person for person in people if consents[person.pk] is None]
    if prospects:
        names = ", ".join(str(person) for person in prospects)
        message = _(
            "%(names)s has no valid consent. A contact with them records only that the information and the "
            "consent question were discussed: leave themes, notes and follow-up empty."
        ) % {"names": names}
        errors = {}
        if topics:
            errors["topics"] = message
        if notes.strip():
            errors["notes"] = message
        if follow_up.strip():
            errors["follow_up"] = message
        if errors:
            raise ValidationError(errors)
        return True
    for person in people:
        refuse_uncovered(person=person, consent=consents[person.pk], entries=topics, field="topics")
    return False


def covered_categories(people: Iterable[KeyPerson]) -> set[str] | None:
    """The special categories every one of these people consented to; None when one of them has no consent."""
    covered = set(SpecialCategory.values)
    for person in people:
        consent = current_consent(person)
        if consent is None:
            return None
        covered &= set(consent.special_categories)
    return covered
