"""Public progress pages and open data: figures from the ledger, nothing private, cached and invalidated."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.models import Organisation
from progress.models import Commitment, Indicator, IndicatorUpdate
from tenders import services
from tenders.models import Programme
from tests.factories import (
    CampaignFactory,
    InitiativeFactory,
    OrganisationFactory,
    RoundFactory,
    ThemeFactory,
    assessed_application,
    closed,
    paid_out,
)

pytestmark = pytest.mark.django_db


def grant(application, officer, amount=None):
    closed(application.round)  # a tender round is decided after closing
    return services.decide(
        application=application, outcome="granted", amount=amount or application.requested_amount,
        reasons="Goed plan.", by=officer,
    )  # fmt: skip


def round_row(client, round_):
    rows = client.get("/voortgang/").context["rounds"]
    return next(r for r in rows if r["round"] == round_.title)


def test_round_figures_equal_the_ledger_and_a_decision_changes_them_at_once(client, officer):
    round_ = RoundFactory(ceiling=Decimal("100000"))
    application = assessed_application(round=round_, requested_amount=Decimal("12000"))

    before = round_row(client, round_)
    grant(application, officer)
    after = round_row(client, round_)
    services.pay_advance(application=application, by=officer)
    ordered = round_row(client, round_)
    paid_out(application)
    paid = round_row(client, round_)

    assert (before["requested"], before["granted"], before["remaining"]) == (
        Decimal("12000"),
        0,
        Decimal("100000"),
    )
    assert (after["granted"], after["remaining"], after["grants"]) == (Decimal("12000"), Decimal("88000"), 1)
    assert (ordered["paid"], paid["paid"]) == (0, Decimal("9600.00"))  # paid when the batch is paid


def test_register_lists_granted_subsidies_with_totals_and_filters(client, officer):
    round_ = RoundFactory(ceiling=Decimal("100000"))
    theme = ThemeFactory(name="Ontmoeting")
    first = assessed_application(round=round_, requested_amount=Decimal("10000"), title="Buurtkoken")
    first.themes.add(theme)
    second = assessed_application(round=round_, requested_amount=Decimal("5000"), title="Taalcafé")
    rejected = assessed_application(round=round_, title="Afgewezen plan")
    grant(first, officer)
    grant(second, officer)
    services.decide(
        application=rejected, outcome="rejected", amount=0, reasons="Buiten de regeling.", by=officer
    )

    response = client.get("/voortgang/subsidies/")

    titles = {d.application.title for d in response.context["page"].object_list}
    assert titles == {"Buurtkoken", "Taalcafé"}
    assert response.context["total"] == Decimal("15000")
    filtered = client.get("/voortgang/subsidies/", {"theme": theme.pk})
    assert [d.application.title for d in filtered.context["page"].object_list] == ["Buurtkoken"]
    searched = client.get("/voortgang/subsidies/", {"q": first.organisation.name})
    assert [d.application.title for d in searched.context["page"].object_list] == ["Buurtkoken"]


def test_csv_and_json_hold_the_same_rows_as_the_register(client, officer):
    round_ = RoundFactory(ceiling=Decimal("100000"))
    applications = [assessed_application(round=round_, title=title) for title in ("Een", "=Twee")]
    for application in applications:
        grant(application, officer)

    page = client.get("/voortgang/subsidies/").context["page"].object_list
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/subsidies.csv").content.decode())))
    data = client.get("/open-data/subsidies.json").json()

    assert (
        {d.application.reference for d in page}
        == {r["reference"] for r in rows}
        == {r["reference"] for r in data["rows"]}
    )
    assert "'=Twee" in {r["project"] for r in rows}  # formula neutralised in CSV
    assert "=Twee" in {r["project"] for r in data["rows"]}
    assert "CC0" in data["licence"]
    assert list(rows[0]) == data["columns"]


def test_nothing_personal_or_non_public_reaches_the_pages_or_open_data(client, officer):
    hidden = OrganisationFactory(
        name="Geheime Stichting", is_public=False, email="geheim@example.org", phone="0612345678"
    )
    InitiativeFactory(organisation=hidden, title="Verborgen initiatief")
    InitiativeFactory(title="Niet openbaar initiatief", is_public=False)
    requested = OrganisationFactory(name="Nog niet goedgekeurd", status=Organisation.Status.REQUESTED)
    InitiativeFactory(organisation=requested)
    application = assessed_application(requested_amount=Decimal("5000"))
    member = application.organisation.memberships.get().user
    grant(application, officer)

    pages = [
        client.get(url).content.decode() for url in ("/voortgang/", "/voortgang/subsidies/", "/open-data/")
    ]
    files = [client.get(f"/open-data/{name}.{fmt}").content.decode() for name in ("subsidies", "rondes", "initiatieven-per-thema") for fmt in ("csv", "json")]  # fmt: skip

    for text in pages + files:
        for secret in ("Geheime Stichting", "geheim@example.org", "0612345678", "Verborgen initiatief",
                       "Niet openbaar initiatief", member.email, member.username, "Goed plan."):  # fmt: skip
            assert secret not in text


def test_commitment_and_indicator_pages_show_evidence_and_updates(client):
    campaign = CampaignFactory(name="Weerbaar Opvoeden")
    commitment = Commitment.objects.create(
        title="Motie tolerantie",
        slug="motie",
        kind="motion",
        date=timezone.localdate(),
        text="Verzoekt het college…",
    )
    commitment.campaigns.add(campaign)
    indicator = Indicator.objects.create(
        name="Organisaties in het register", slug="organisaties", unit="organisaties", target=40,
        target_date=timezone.localdate(), commitment=commitment,
    )  # fmt: skip
    IndicatorUpdate.objects.create(
        indicator=indicator, date=timezone.localdate(), value=22, note="Eerste telling"
    )

    commitment_html = client.get("/voortgang/toezeggingen/motie/").content.decode()
    indicator_html = client.get("/voortgang/indicatoren/organisaties/").content.decode()

    assert campaign.get_absolute_url() in commitment_html
    assert "/voortgang/indicatoren/organisaties/" in commitment_html
    assert "<svg" in indicator_html and "<table" in indicator_html
    assert "Eerste telling" in indicator_html
    assert client.get("/voortgang/toezeggingen/bestaat-niet/").status_code == 404


def test_an_indicator_update_shows_at_once_despite_the_cache(client):
    indicator = Indicator.objects.create(
        name="Deelnemers", slug="deelnemers", unit="mensen", target=1000, target_date=timezone.localdate()
    )
    client.get("/voortgang/indicatoren/deelnemers/")

    IndicatorUpdate.objects.create(indicator=indicator, date=timezone.localdate(), value=321, note="Nieuw")

    assert "Nieuw" in client.get("/voortgang/indicatoren/deelnemers/").content.decode()


def test_charts_have_a_table_and_a_text_summary(client, officer):
    InitiativeFactory().themes.add(ThemeFactory(name="Sport en bewegen"))

    html = client.get("/voortgang/").content.decode()

    assert html.count("<svg") == html.count("<figcaption") >= 1
    assert "<desc" in html and "Sport en bewegen" in html


def make_data(officer, count, round_):
    # A tender round is decided after closing: each batch is a round of its own in the same programme.
    Programme.objects.filter(pk=round_.programme_id).update(total_budget=F("total_budget") + round_.ceiling)
    round_ = RoundFactory(programme=round_.programme, ceiling=round_.ceiling)
    applications = [assessed_application(round=round_) for _ in range(count)]
    for application in applications:  # equal scores: ranked in the order they became complete
        grant(application, officer)
        InitiativeFactory().themes.add(ThemeFactory())


@pytest.mark.parametrize("url", ["/voortgang/", "/voortgang/subsidies/", "/open-data/subsidies.json"])
def test_progress_pages_run_a_fixed_number_of_queries_and_are_cached(client, officer, url):
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    make_data(officer, 2, round_)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make_data(officer, 5, round_)
    make_data(officer, 2, RoundFactory(ceiling=Decimal("1000000")))  # a second programme, with its own round
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    with CaptureQueriesContext(connection) as repeat:
        response = client.get(url)

    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(repeat.captured_queries) == 1  # only the data version is read
