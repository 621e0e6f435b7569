"""The policy officer's work queue: what waits for the municipality, as counts and filtered lists.

Each queue is a scope of applications (or objections) that waits for an officer's action; the start page
counts them all in a fixed number of queries, and each count links to its list.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached

from .models import Application, Assessment, InformationRequest, Objection, Payment, Reclaim, State
from .timeline import awaits_decision, decision_due

# Minimum number of assessors without a conflict per eligible application.
ASSESSORS_PER_APPLICATION = 2
SOON = timedelta(days=14)


def _open_request_due(by):
    return Exists(
        InformationRequest.objects.filter(
            application=OuterRef("pk"), answered_at__isnull=True, deadline__lte=by
        )
    )


def _to_check(today) -> Q:
    return Q(state=State.SUBMITTED)


def _requests_expiring(today) -> Q:
    return Q(state=State.INFORMATION_REQUESTED, open_request_due=True)


def _to_assign(today) -> Q:
    return Q(state=State.ELIGIBLE, free_assessors__lt=ASSESSORS_PER_APPLICATION)


def _to_decide(today) -> Q:
    return Q(state=State.ASSESSED)


def _advances_to_pay(today) -> Q:
    return Q(state__in=[State.GRANTED, State.PARTIALLY_GRANTED], advance_ordered=False)


def _reports_to_review(today) -> Q:
    return Q(state=State.REPORT_SUBMITTED)


def _reports_overdue(today) -> Q:
    return Q(state__in=[State.ADVANCE_PAID, State.REPORT_DUE], decisions__report_due_on__lt=today)


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    explanation: str
    scope: Callable


QUEUES = (
    Queue("controleren", _("To check for completeness"), _("Submitted, not yet declared eligible or not."), _to_check),
    Queue("aanvulverzoeken", _("Information requests expiring"), _("The deadline has passed or ends within a week."), _requests_expiring),
    Queue("toewijzen", _("To assign assessors"), _("Eligible, with fewer than two assessors without a conflict."), _to_assign),
    Queue("besluiten", _("To decide"), _("Assessed; the decision term is shown per application."), _to_decide),
    Queue("voorschotten", _("Advances to pay"), _("Granted, advance not yet ordered."), _advances_to_pay),
    Queue("verantwoordingen", _("Reports to review"), _("Submitted accountability reports."), _reports_to_review),
    Queue("verantwoording-te-laat", _("Reports overdue"), _("The report was due and has not arrived."), _reports_overdue),
)  # fmt: skip
QUEUE_BY_KEY = {queue.key: queue for queue in QUEUES}


def _annotated(today) -> QuerySet[Application]:
    """Applications with what the scopes ask: free assessors, an open request that ends soon, an ordered advance."""
    request_due = InformationRequest.objects.filter(
        application=OuterRef("pk"), answered_at__isnull=True, deadline__lte=today + timedelta(days=7)
    )
    advance = Payment.objects.filter(application=OuterRef("pk"), kind=Payment.Kind.ADVANCE)
    free = (
        Assessment.objects.filter(application=OuterRef("pk"), has_conflict=False)
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Application.objects.annotate(
        free_assessors=Coalesce(Subquery(free), 0),
        open_request_due=Exists(request_due),
        advance_ordered=Exists(advance),
    )


def queue_counts(*, today=None) -> list[tuple[Queue, int]]:
    """Every queue with its count, in one query."""
    today = today or timezone.localdate()
    counts = _annotated(today).aggregate(
        **{
            f"queue_{index}": Count("pk", filter=queue.scope(today), distinct=True)
            for index, queue in enumerate(QUEUES)
        }
    )
    return [(queue, counts[f"queue_{index}"]) for index, queue in enumerate(QUEUES)]


def queue_applications(queue: Queue, *, today=None) -> QuerySet[Application]:
    today = today or timezone.localdate()
    return (
        _annotated(today)
        .filter(queue.scope(today))
        .distinct()
        .select_related("organisation", "round__programme")
        .prefetch_related("information_requests")
        .order_by("submitted_at", "pk")
    )


def decisions_due(*, today=None) -> tuple[int, int]:
    """Of the applications still waiting for a first decision: how many terms end within two weeks, and how many passed."""
    today = today or timezone.localdate()
    waiting = (
        Application.objects.exclude(state=State.DRAFT)
        .select_related("round")
        .prefetch_related("information_requests")
    )
    soon = overdue = 0
    for application in waiting.filter(state__in=[state for state in State if _waits(state)]):
        due = decision_due(application)
        overdue += due < today
        soon += today <= due <= today + SOON
    return soon, overdue


def _waits(state) -> bool:
    return awaits_decision(Application(state=state))


def open_objections() -> QuerySet[Objection]:
    """Objections waiting for a decision, against a decision, a settlement or a reclaim, with their application; the
    nearest end of the decision term (Awb 7:10) first."""
    return (
        Objection.objects.filter(status=Objection.Status.PENDING)
        .select_related(
            "decision__application__organisation",
            "settlement__application__organisation",
            "reclaim__application__organisation",
        )
        .order_by(F("decision_due_on").asc(nulls_last=True), "received_on", "pk")
    )


def objections_waiting(*, limit: int = 20, today=None) -> list[Objection]:
    """The first open objections, each with the days left in its decision term (`days_left`, `overdue`)."""
    today = today or timezone.localdate()
    objections = list(open_objections()[:limit])
    for objection in objections:
        due = objection.decision_due_on
        objection.days_left = (due - today).days if due else None
        objection.overdue = -objection.days_left if due else None
    return objections


def open_reclaims(*, today=None) -> dict:
    """How many reclaims wait for their money, and how many of those are past their term (one query)."""
    today = today or timezone.localdate()
    return Reclaim.objects.filter(status=Reclaim.Status.OPEN).aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )


def start_page_figures(*, today=None) -> dict:
    """The counts of the start page and its decision terms, the same for every officer: computed once a day and
    again after each change to the tenders or the assessments (the data version), not on every visit.

    Counting the decision terms reads every application that waits for a decision (`decisions_due`); cached,
    a visit costs one query for the version.
    """
    today = today or timezone.localdate()

    def compute() -> dict:
        soon, overdue = decisions_due(today=today)
        counts = [(queue.key, count) for queue, count in queue_counts(today=today)]
        return {"counts": counts, "decisions_soon": soon, "decisions_overdue": overdue}

    figures = cached(
        f"tenders:work-queue:{today.isoformat()}",
        compute,
        version=data_version.versions(("tenders", "assessment")),
    )
    return {
        "queues": [(QUEUE_BY_KEY[key], count) for key, count in figures["counts"]],
        "decisions_soon": figures["decisions_soon"],
        "decisions_overdue": figures["decisions_overdue"],
    }
