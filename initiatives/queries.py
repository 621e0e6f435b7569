"""Every read the registry's pages need: public listings, search and the portal's overview."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Campaign, Initiative, Membership, Neighbourhood, Organisation, Theme


def full_text_search(queryset: QuerySet, text: str, *, title: str, body: str) -> QuerySet:
    """Filter by a search text: PostgreSQL full-text search (Dutch), with a substring fallback.

    On PostgreSQL, results are ranked, and a partial word in the title still matches. On SQLite
    (the demo) every word must occur in the title or the body.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector(title, weight="A", config="dutch") + SearchVector(
            body, weight="B", config="dutch"
        )
        query = SearchQuery(text, config="dutch", search_type="websearch")
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(Q(search=query) | Q(**{f"{title}__icontains": text}))
            .order_by("-rank", title)
        )
    for word in text.split():
        queryset = queryset.filter(Q(**{f"{title}__icontains": word}) | Q(**{f"{body}__icontains": word}))
    return queryset


def listed_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.listed().prefetch_related("themes", "neighbourhoods")


def listed_initiatives() -> QuerySet[Initiative]:
    return (
        Initiative.objects.listed()
        .select_related("organisation", "campaign")
        .prefetch_related("themes", "neighbourhoods")
    )


def organisation_page(slug: str) -> QuerySet[Organisation]:
    """The public organisation page: the organisation with its listed initiatives and campaigns."""
    return (
        Organisation.objects.listed()
        .filter(slug=slug)
        .prefetch_related(
            "themes",
            "neighbourhoods",
            "target_groups",
            Prefetch("initiatives", queryset=Initiative.objects.filter(is_public=True).order_by("title")),
            "led_campaigns",
        )
    )


def initiative_page(slug: str) -> QuerySet[Initiative]:
    return listed_initiatives().filter(slug=slug).prefetch_related("target_groups")


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("lead_organisation")


def campaign_page(slug: str) -> QuerySet[Campaign]:
    return (
        campaigns()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "initiatives", queryset=listed_initiatives().order_by("title"), to_attr="listed_initiatives"
            )
        )
    )


def memberships_of(user) -> QuerySet[Membership]:
    """The portal's overview: the user's organisations, each with its initiatives."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("organisation__initiatives", queryset=Initiative.objects.order_by("title"))
        )
        .order_by("organisation__name")
    )


def listed_initiatives_by_theme() -> list[dict]:
    """Public initiatives per theme (an initiative with two themes counts for both)."""
    return list(
        Theme.objects.annotate(
            count=Count("initiative", filter=Q(initiative__in=Initiative.objects.listed()), distinct=True)
        )
        .filter(count__gt=0)
        .values("pk", "name", "name_en", "count")
        .order_by("-count", "name")
    )


def listed_initiatives_by_district() -> list[dict]:
    """Public initiatives per district, through the neighbourhoods they work in. An initiative that names no
    neighbourhood works city-wide: it is counted in a last row with district None, so every listed initiative is in
    the table (one working in two districts is in both)."""
    rows = list(
        Neighbourhood.objects.filter(initiative__in=Initiative.objects.listed())
        .values("district")
        .annotate(count=Count("initiative", distinct=True))
        .order_by("district")
    )
    citywide = Initiative.objects.listed().filter(neighbourhoods__isnull=True).count()
    return [*rows, {"district": None, "count": citywide}] if citywide else rows


def campaigns_with_counts() -> QuerySet[Campaign]:
    return Campaign.objects.annotate(
        listed=Count("initiatives", filter=Q(initiatives__in=Initiative.objects.listed()), distinct=True)
    ).order_by("starts_on", "name")
