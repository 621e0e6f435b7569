"""What the public progress pages read. Only public figures; the other apps are read through their queries."""

from django.db import connection

from initiatives import queries as registry
from keypersons import queries as network
from tenders import ledger
from tenders import queries as tenders
from tenders.models import Programme

from .models import Commitment, FundingLine, Indicator, IndicatorUpdate


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
    return network.public_aggregates()


def key_person_network_rows(aggregates: dict) -> list[dict]:
    """The quarter × theme counts as flat rows for open data; a suppressed count is None."""
    return [
        {"quarter": row["label"], "theme": theme.name, "contacts": contacts, "signals": signals}
        for row in aggregates["quarters"]
        for theme, contacts, signals in zip(
            aggregates["themes"], row["contacts"], row["signals"], strict=True
        )
    ]


def data_version() -> str:
    """A cheap fingerprint of every table the progress pages show, for cache keys.

    A decision, payment, settlement, indicator update or registry edit changes it, so a cached page
    is never older than the figures behind it. One query.
    """
    from initiatives.models import Campaign, Initiative, Organisation
    from keypersons.models import ContactMoment, KeyPerson, Signal
    from tenders.models import Application, BudgetEntry, Decision, Round

    parts = [
        (BudgetEntry, "id"), (Decision, "id"), (Application, "updated_at"), (Round, "id"), (Initiative, "updated_at"),
        (Organisation, "updated_at"), (Campaign, "id"), (FundingLine, "updated_at"), (Commitment, "updated_at"),
        (Indicator, "updated_at"), (IndicatorUpdate, "updated_at"), (KeyPerson, "updated_at"),
        (ContactMoment, "id"), (Signal, "id"),
    ]  # fmt: skip
    selects = ", ".join(_max_and_count(model, column) for model, column in parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return "|".join(str(value) for value in cursor.fetchone())


def _max_and_count(model, column: str) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    last = connection.ops.quote_name(column)
    return f"(SELECT MAX({last}) FROM {table}), (SELECT COUNT(*) FROM {table})"  # noqa: S608 - model metadata only
