"""Who is due for the retention review, and whose record is to be pseudonymised because nobody reviewed it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import RETENTION_REVIEW_AFTER, KeyPerson, RetentionReview

GRACE_MONTHS = 3  # after the review falls due, before an unreviewed record is pseudonymised


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Due:
    person: KeyPerson
    since: date  # the last contact, the date the record was added or the last review, whichever is latest
    review_on: date
    pseudonymise_on: date

    @property
    def pk(self) -> int:
        return self.person.pk


def _candidates(today: date) -> QuerySet[KeyPerson]:
    limit = today - RETENTION_REVIEW_AFTER
    pseudonymised = RetentionReview.objects.filter(
        key_person=OuterRef("pk"), decision=RetentionReview.Decision.PSEUDONYMISED
    )
    return (
        KeyPerson.objects.filter(erased_at__isnull=True, created_at__date__lte=limit)
        .exclude(Exists(pseudonymised))
        .annotate(
            last_contact=F("latest_contact__occurred_on"),
            last_kept=Max("retention_reviews__decided_on", filter=Q(retention_reviews__decision="keep")),
        )
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lte=limit))
        .filter(Q(last_kept__isnull=True) | Q(last_kept__lte=limit))
        .order_by("name", "pk")
    )


def due_for_review(today: date | None = None) -> list[Due]:
    """Key persons without contact (or a review) for two years, the longest first (one query)."""
    today = today or timezone.localdate()
    due = []
    for person in _candidates(today):
        added = timezone.localtime(person.created_at).date()
        since = max(day for day in (person.last_contact, person.last_kept, added) if day is not None)
        review_on = since + RETENTION_REVIEW_AFTER
        due.append(Due(person, since, review_on, add_months(review_on, GRACE_MONTHS)))
    return sorted(due, key=lambda d: (d.since, d.person.name, d.person.pk))


def to_pseudonymise(today: date | None = None) -> list[KeyPerson]:
    """Records whose review fell due more than three months ago and that nobody reviewed since."""
    today = today or timezone.localdate()
    return [due.person for due in due_for_review(today) if due.pseudonymise_on <= today]
