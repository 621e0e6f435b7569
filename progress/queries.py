"""What the public progress pages read. Only public figures; the other apps are read through their queries."""

from initiatives import queries as registry
from keypersons import queries as network
from tenders import ledger
from tenders import queries as tenders
from tenders.models import Programme

from .models import Commitment, FundingLine, Indicator


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
    """The key-person network in aggregate only, every count under 5 suppressed (None)."""
    return network.evaluation.public_aggregates()


def key_person_network_rows(aggregates: dict) -> list[dict]:
    """The quarter × theme counts as flat rows for open data; a suppressed count is None."""
    return [
        {"quarter": row["label"], "theme": theme.name, "contacts": contacts, "signals": signals}
        for row in aggregates["quarters"]
        for theme, contacts, signals in zip(
            aggregates["themes"], row["contacts"], row["signals"], strict=True
        )
    ]
