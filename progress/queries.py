"""What the public progress pages read. Only public figures; the other apps are read through their queries."""

from django.conf import settings

from initiatives import queries as registry
from tenders import ledger
from tenders import queries as tenders
from tenders.models import Programme

from .figures import PUBLISHED_QUARTERS
from .models import Commitment, FundingLine, Indicator, NetworkFigures


def programme_figures() -> list[dict]:
    """Every programme with its rounds' ceiling, requested, granted, paid and remaining money (three queries)."""
    programmes = list(Programme.objects.order_by("-starts_on"))
    overview = ledger.programmes_overview(programmes)
    return [{"programme": programme, "rounds": overview[programme.pk]} for programme in programmes]


def funding_lines():
    return FundingLine.objects.all()


def commitments():
    return Commitment.objects.prefetch_related("indicators")


def commitment_page(slug: str):
    return Commitment.objects.filter(slug=slug).prefetch_related(
        "campaigns", "rounds__programme", "indicators", "initiatives__organisation"
    )


def indicators():
    return Indicator.objects.prefetch_related("updates")


def indicator_page(slug: str):
    return Indicator.objects.filter(slug=slug).select_related("commitment").prefetch_related("updates")


def initiatives_by_theme():
    return registry.listed_initiatives_by_theme()


def initiatives_by_district():
    return registry.listed_initiatives_by_district()


def campaigns():
    return registry.campaigns_with_counts()


def granted_register():
    return tenders.granted_register()


def key_person_network() -> dict:
    """The key-person network's published figures: the frozen figures of the last closed quarters (figures.py)."""
    quarters = list(NetworkFigures.objects.all()[:PUBLISHED_QUARTERS])
    latest = quarters[0] if quarters else None
    themes = [theme["name"] for theme in latest.themes] if latest else []
    return {
        "latest": latest,
        "quarters": quarters,
        "themes": latest.themes if latest else [],
        "rows": [
            {
                "label": q.display_label,
                "contacts": _by_theme(q, themes, "contacts"),
                "signals": _by_theme(q, themes, "signals"),
            }
            for q in quarters
        ],
        "minimum": settings.PUBLIC_MINIMUM_COUNT,
        "rounding": settings.PUBLIC_ROUNDING,
    }


def _by_theme(figures: NetworkFigures, themes: list[str], what: str) -> list[int | None]:
    published = {theme["name"]: theme[what] for theme in figures.themes}
    return [published.get(name) for name in themes]


def key_person_network_rows(network: dict) -> list[dict]:
    """The quarter × theme figures as flat rows for open data; a count not published is None."""
    return [
        {
            "quarter": q.label,
            "theme": theme["name"],
            "contacts": theme["contacts"],
            "signals": theme["signals"],
        }
        for q in network["quarters"]
        for theme in q.themes
    ]
