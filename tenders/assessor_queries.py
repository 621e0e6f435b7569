"""The reads of the assessor's list (`/beoordelen/`): bounded, whatever the number of assignments.

An assessor of a busy programme has well over a thousand assignments, nearly all of them submitted long ago.
The list shows what the assessor needs: the open ones first, by their round's deadline, a page at a time; the
last few submitted ones, with a link to all of them a page at a time; and the rounds, to look at one round.
Each read loads only the columns the list shows, so a request costs the same few queries and rows at any size.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet

from .models import Assessment, Round

PER_PAGE = 25
RECENTLY_SUBMITTED = 5

COLUMNS = (
    "submitted_at", "application__reference", "application__title", "application__organisation__name",
    "application__round__title", "application__round__assessment_deadline",
)  # fmt: skip


def _assignments(user, round_id: int | None) -> QuerySet[Assessment]:
    """The user's own assignments without a declared conflict, with the columns the list shows."""
    rows = (
        Assessment.objects.filter(assessor=user, has_conflict=False)
        .select_related("application__round", "application__organisation")
        .only(*COLUMNS)
    )
    return rows if round_id is None else rows.filter(application__round_id=round_id)


def open_assessments(user, round_id: int | None = None) -> QuerySet[Assessment]:
    """What the assessor still has to do, the nearest deadline first (a round without one last)."""
    return (
        _assignments(user, round_id)
        .filter(submitted_at__isnull=True)
        .order_by(
            F("application__round__assessment_deadline").asc(nulls_last=True), "application__reference", "pk"
        )
    )


def submitted_assessments(user, round_id: int | None = None) -> QuerySet[Assessment]:
    """What the assessor has submitted, the latest first."""
    return _assignments(user, round_id).filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk")


def page_of(rows: QuerySet, number) -> Page:
    """One page of `rows` (a page number that is not one shows the first or the last page)."""
    return Paginator(rows, PER_PAGE).get_page(number)


def recently_submitted(user, round_id: int | None = None) -> tuple[list[Assessment], bool]:
    """The last few submitted assessments, and whether there are more (one query, no count)."""
    rows = list(submitted_assessments(user, round_id)[: RECENTLY_SUBMITTED + 1])
    return rows[:RECENTLY_SUBMITTED], len(rows) > RECENTLY_SUBMITTED


def assessor_rounds(user) -> list[Round]:
    """The rounds in which the user has an assignment without a conflict, the latest first."""
    return list(
        Round.objects.filter(
            Exists(
                Assessment.objects.filter(
                    assessor=user, has_conflict=False, application__round=OuterRef("pk")
                )
            )
        )
        .select_related("programme")
        .only("number", "title", "programme__code")
        .order_by("-programme_id", "-number")
    )


def chosen_round(value, rounds: list[Round]) -> Round | None:
    """The round named in the query string, if it is one of the assessor's own (anything else: all rounds)."""
    return next((round_ for round_ in rounds if str(round_.pk) == value), None)
