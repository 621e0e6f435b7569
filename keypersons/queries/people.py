"""Key persons: the list, one record, and how the director keeps up with each of them (cadence)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import DateField, F, Func, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Action, Consent, ContactMoment, KeyPerson, Tie


def usable_key_persons() -> QuerySet[KeyPerson]:
    """The key persons the network may use: not erased, and processing not restricted (AVG art. 18). Only these
    are offered in forms (contacts, ties, "introduced by")."""
    return KeyPerson.objects.filter(erased_at__isnull=True, restricted_at__isnull=True)


def key_persons(today: date | None = None, *, restricted: bool = False) -> QuerySet[KeyPerson]:
    """Key persons (not erased) with their last contact and the consent in force today, in one query.

    Restricted persons (AVG art. 18) only with `restricted`, which the director's pages pass.
    """
    today = today or timezone.localdate()
    in_force = Consent.objects.filter(
        key_person=OuterRef("pk"), withdrawn_on__isnull=True, given_on__lte=today, expires_on__gt=today
    ).order_by("-given_on", "-pk")
    people = KeyPerson.objects.filter(erased_at__isnull=True)
    if not restricted:
        people = people.filter(restricted_at__isnull=True)
    return people.annotate(
        # Kept by the database (LastContact), not aggregated over all contacts on every read.
        last_contact=F("latest_contact__occurred_on"),
        consent_until=Subquery(in_force.values("expires_on")[:1]),
        consent_scope=Subquery(in_force.values("scope")[:1]),
    ).prefetch_related("neighbourhoods", "domains")


@dataclass(frozen=True)
class Cadence:
    """How the director keeps up with a key person: on track, overdue (amber) or losing touch (red)."""

    state: str  # "ok" | "amber" | "red" | "none"
    due_on: date | None
    days_overdue: int

    LABELS = {
        "ok": _("on track"),
        "amber": _("overdue"),
        "red": _("losing touch"),
        "none": _("not followed"),
    }

    @property
    def label(self):
        return self.LABELS[self.state]


def cadence(person: KeyPerson, today: date | None = None) -> Cadence:
    """Active key persons are due again N weeks after the last contact (or after being added).

    Amber: past that date. Red: past it by more than N weeks again, i.e. no contact for twice the interval.
    """
    today = today or timezone.localdate()
    if person.status != KeyPerson.Status.ACTIVE:
        return Cadence("none", None, 0)
    interval = timedelta(weeks=person.contact_every_weeks)
    since = getattr(person, "last_contact", None) or timezone.localtime(person.created_at).date()
    due_on = since + interval
    overdue = (today - due_on).days
    if overdue < 0:
        return Cadence("ok", due_on, 0)
    if overdue < interval.days:
        return Cadence("amber", due_on, overdue)
    return Cadence("red", due_on, overdue)


def with_cadence(people, today: date | None = None) -> list[KeyPerson]:
    today = today or timezone.localdate()
    people = list(people)
    for person in people:
        person.cadence = cadence(person, today)
    return people


class _WeeksLater(Func):
    """A date some weeks (an integer expression) after another date, as a date on either database."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: a date plus an integer is that many days later, and still a date.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + 7 * ")

    def as_sqlite(self, compiler, connection, **extra_context):
        (day, day_params), (weeks, weeks_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return f"date({day}, '+' || (7 * {weeks}) || ' days')", [*day_params, *weeks_params]


def losing_touch(today: date | None = None, limit: int = 10) -> list[KeyPerson]:
    """The active key persons whose contact is most overdue, the longest overdue first (one query).

    The database works out each person's due date as `cadence()` does, so that it can pick and
    order the few to show however many are late; `cadence()` then says amber or red.
    """
    today = today or timezone.localdate()
    since = Coalesce("latest_contact__occurred_on", TruncDate("created_at"))
    late = (
        usable_key_persons()
        .filter(status=KeyPerson.Status.ACTIVE)
        .annotate(
            last_contact=F("latest_contact__occurred_on"), due_on=_WeeksLater(since, "contact_every_weeks")
        )
        .filter(due_on__lte=today)
        .only("name", "status", "contact_every_weeks", "created_at")
        .order_by("due_on", "name", "pk")[:limit]
    )
    return with_cadence(late, today)


def person_detail(pk: int, *, restricted: bool = False) -> KeyPerson:
    """One record with everything its page shows. Without `restricted` (only the director sees restricted
    persons) a restricted person is not found, and ties to restricted persons are left out."""
    ties = Tie.objects.select_related("network", "other_person", "organisation")
    ties_from_others = Tie.objects.select_related("key_person")
    if not restricted:
        ties = ties.exclude(other_person__restricted_at__isnull=False)
        ties_from_others = ties_from_others.exclude(key_person__restricted_at__isnull=False)
    return (
        key_persons(restricted=restricted)
        .select_related("introduced_by", "informed_by", "information_text")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("ties", queryset=ties),
            Prefetch("ties_from_others", queryset=ties_from_others),
            Prefetch(
                "contact_moments",
                queryset=ContactMoment.objects.select_related("staff_member").prefetch_related("topics"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
        .get(pk=pk)
    )


def named_on_detail(person: KeyPerson, introducer: KeyPerson | None) -> list[int]:
    """The key persons a person's page names: the person, who introduced them and those tied to them."""
    ids = [person.pk, introducer.pk if introducer else None]
    ids += [tie.other_person_id for tie in person.ties.all()]
    ids += [tie.key_person_id for tie in person.ties_from_others.all()]
    return [pk for pk in ids if pk]
