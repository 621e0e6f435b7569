"""Networks and ties: the thin neighbourhoods, where to look for new key persons, and the graph."""

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from initiatives.models import Neighbourhood

from ..models import Domain, KeyPerson, TemperatureReading, Tie


def _thin_threshold() -> int:
    return getattr(settings, "KEYPERSON_THIN_NETWORK", 2)


def thin_neighbourhoods() -> QuerySet[Neighbourhood]:
    """Neighbourhoods with fewer active key persons than the threshold: where to look for new ones."""
    return (
        Neighbourhood.objects.annotate(
            active=Count(
                "key_persons",
                filter=Q(key_persons__status=KeyPerson.Status.ACTIVE, key_persons__erased_at__isnull=True),
                distinct=True,
            ),
            latest_temperature=Subquery(
                TemperatureReading.objects.filter(neighbourhood=OuterRef("pk"))
                .order_by("-measured_on", "-pk")
                .values("level")[:1]
            ),
        )
        .filter(active__lt=_thin_threshold())
        .order_by("active", "-latest_temperature", "name")
    )


def suggestions() -> dict:
    """Where to look for new key persons: thin neighbourhoods (the tense ones first), thin domains, introducers."""
    active = Q(key_persons__status=KeyPerson.Status.ACTIVE, key_persons__erased_at__isnull=True)
    return {
        "neighbourhoods": list(thin_neighbourhoods().order_by("-latest_temperature", "active", "name")[:15]),
        "domains": list(
            Domain.objects.annotate(active=Count("key_persons", filter=active, distinct=True))
            .filter(active__lt=_thin_threshold())
            .order_by("active", "name")
        ),
        "introducers": list(
            KeyPerson.objects.filter(erased_at__isnull=True, restricted_at__isnull=True)
            .annotate(introductions=Count("introduced", distinct=True))
            .filter(introductions__gte=2)
            .order_by("-introductions", "name")[:15]
        ),
        "threshold": _thin_threshold(),
    }


def ties(*, neighbourhood=None, domain=None, restricted: bool = False) -> QuerySet[Tie]:
    """All ties of key persons not erased, optionally of people or networks in a neighbourhood or domain.

    Ties of restricted persons (AVG art. 18) only with `restricted`, which the director's map passes.
    """
    queryset = Tie.objects.filter(key_person__erased_at__isnull=True).select_related(
        "key_person", "network", "other_person", "organisation"
    )
    if not restricted:
        queryset = queryset.filter(key_person__restricted_at__isnull=True).exclude(
            other_person__restricted_at__isnull=False
        )
    if neighbourhood is not None:
        queryset = queryset.filter(
            Q(key_person__neighbourhoods=neighbourhood) | Q(network__neighbourhoods=neighbourhood)
        )
    if domain is not None:
        queryset = queryset.filter(key_person__domains=domain)
    return queryset.distinct().order_by("key_person__name", "pk")


def graph(tie_list) -> dict:
    """Nodes and edges for the interactive graph (the same ties the page lists as a table)."""
    nodes: dict[str, dict] = {}

    def node(kind: str, obj) -> str:
        key = f"{kind}-{obj.pk}"
        nodes.setdefault(key, {"id": key, "kind": kind, "label": str(obj)})
        return key

    edges = []
    for tie in tie_list:
        source = node("person", tie.key_person)
        if tie.network_id:
            target = node("network", tie.network)
        elif tie.other_person_id:
            target = node("person", tie.other_person)
        else:
            target = node("organisation", tie.organisation)
        edges.append({"source": source, "target": target, "strength": tie.strength})
    return {"nodes": list(nodes.values()), "edges": edges}
