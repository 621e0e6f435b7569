"""The application form the Dutch way: amounts as people type them, a draft that always saves, errors that show,
neighbourhoods by district and a budget that adds up on the page."""

import re
from decimal import Decimal

import pytest

from initiatives.models import Neighbourhood
from tenders.models import Application
from tests.factories import ApplicationFactory, NeighbourhoodFactory, TargetGroupFactory, ThemeFactory
from tests.tenders.test_applications import draft_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, member):
    """An almost empty draft of the member's organisation; the member is logged in."""
    client.force_login(member)
    return ApplicationFactory(
        organisation=member.memberships.get().organisation, created_by=member, summary="", plan="",
        expected_reach=None, starts_on=None, ends_on=None, requested_amount=None, complete=False,
    )  # fmt: skip


def edit(client, application, language="", **changes):
    return client.post(f"{language}/portaal/aanvragen/{application.pk}/bewerken/", draft_data(**changes))


def summary_of(response) -> str:
    html = response.content.decode()
    return (
        html.split('id="error-summary"', 1)[1].split("</div>", 1)[0] if 'id="error-summary"' in html else ""
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2500,50", "2500.50"), ("2.500", "2500.00"), ("2.500,50", "2500.50"), ("€ 2.500,50", "2500.50"),
        ("2500", "2500.00"), ("2.500,-", "2500.00"),
    ],
)  # fmt: skip
def test_an_amount_typed_the_dutch_way_is_stored_as_meant(client, draft, typed, stored):
    edit(client, draft, requested_amount=typed, **{"budget-0-amount": typed, "budget-1-description": ""})

    draft.refresh_from_db()
    assert draft.requested_amount == Decimal(stored)
    assert [line.amount for line in draft.budget_lines.all()] == [Decimal(stored)]


def test_an_english_page_reads_an_amount_the_english_way(client, draft):
    edit(
        client,
        draft,
        "/en",
        requested_amount="2,500.50",
        **{"budget-0-amount": "2,500.50", "budget-1-amount": ""},
    )

    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("2500.50")


def test_an_amount_that_could_mean_two_things_is_refused_with_both_ways_of_writing_it(client, draft):
    response = edit(client, draft, requested_amount="2,500")

    draft.refresh_from_db()
    assert draft.requested_amount is None
    assert "“2,500” bij “Aangevraagd bedrag” kan op twee manieren worden gelezen" in summary_of(response)
    assert "zoals 2.500 of 2,50" in summary_of(response)


def test_every_amount_field_is_a_text_box_with_a_euro_sign_not_a_number_box(client, draft):
    html = client.get(f"/portaal/aanvragen/{draft.pk}/bewerken/").content.decode()

    amounts = re.findall(r'<input[^>]*name="(?:requested_amount|budget-\d-amount)"[^>]*>', html)
    assert len(amounts) == 4
    assert all('type="text"' in box and 'inputmode="decimal"' in box for box in amounts)
    assert not re.search(r'<input type="number" name="(requested_amount|budget-\d-amount)"', html)
    assert html.count('<span class="mi-money__prefix" aria-hidden="true">€</span>') == 4


def test_a_saved_amount_is_shown_the_way_of_the_pages_language(client, draft):
    Application.objects.filter(pk=draft.pk).update(requested_amount=Decimal("12500.50"))

    assert 'value="12.500,50"' in client.get(f"/portaal/aanvragen/{draft.pk}/bewerken/").content.decode()
    assert 'value="12,500.50"' in client.get(f"/en/portaal/aanvragen/{draft.pk}/bewerken/").content.decode()


def test_a_draft_with_an_unreadable_amount_keeps_every_valid_field_and_everything_typed(client, draft):
    theme = ThemeFactory()

    response = edit(client, draft, requested_amount="2.500,5x", summary="Samen koken.", themes=[theme.pk])

    draft.refresh_from_db()
    assert (draft.summary, draft.plan, draft.expected_reach) == ("Samen koken.", "Twaalf avonden.", 80)
    assert list(draft.themes.all()) == [theme]
    assert [(line.description, line.amount) for line in draft.budget_lines.all()] == [
        ("Boodschappen", Decimal("3000.00")),
        ("Zaalhuur", Decimal("2000.00")),
    ]
    assert draft.requested_amount is None
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2.500,5x"' in html  # what was typed is still there
    assert "Uw concept is opgeslagen, behalve wat hieronder is gemarkeerd." in html
    summary = summary_of(response)
    assert 'href="#id_requested_amount"' in summary
    assert "Vul bij “Aangevraagd bedrag” een bedrag in euro’s in, zoals 2.500,50." in summary


def test_a_draft_lists_what_is_still_missing_before_it_can_be_submitted(client, draft):
    html = client.get(f"/portaal/aanvragen/{draft.pk}/bewerken/").content.decode()

    assert "Nog nodig voordat u kunt indienen" in html
    assert "het gevraagde bedrag" in html


def test_a_budget_line_with_an_error_is_left_out_and_the_others_are_saved(client, draft):
    response = edit(client, draft, **{"budget-1-amount": "veel"})

    assert [line.description for line in draft.budget_lines.all()] == ["Boodschappen"]
    assert 'value="veel"' in response.content.decode()
    assert "Vul bij “Bedrag van kostenpost 2” een bedrag in euro’s in" in summary_of(response)


def test_a_post_without_the_budget_management_form_leaves_the_budget_as_it_is(client, member):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    data = {k: v for k, v in draft_data().items() if not k.startswith("budget-")}

    client.post(f"/portaal/aanvragen/{application.pk}/bewerken/", data)

    assert application.budget_lines.count() == 2


def test_a_field_missing_from_the_post_is_left_as_it_is_not_emptied(client, member):
    client.force_login(member)
    application = ApplicationFactory(organisation=member.memberships.get().organisation)
    data = {k: v for k, v in draft_data().items() if k != "plan"}

    client.post(f"/portaal/aanvragen/{application.pk}/bewerken/", data)

    application.refresh_from_db()
    assert application.plan == "Tien bijeenkomsten in het buurthuis."


def test_a_period_that_ends_before_it_starts_saves_neither_date(client, draft):
    response = edit(client, draft, starts_on="2027-06-30", ends_on="2027-03-01")

    draft.refresh_from_db()
    assert (draft.starts_on, draft.ends_on) == (None, None)
    assert draft.summary == "Samen koken en eten."
    assert "Het geplande einde ligt vóór het geplande begin" in summary_of(response)


def test_an_invalid_field_has_the_invalid_style_and_its_message_above_it_tied_to_the_control(client, draft):
    html = edit(client, draft, title="", requested_amount="x").content.decode()

    field = html.split('<div class="utrecht-form-field utrecht-form-field--invalid">', 2)
    assert len(field) == 3  # the title and the amount
    title = field[1]
    assert title.index('id="id_title_error"') < title.index('<input type="text" name="title"')
    assert re.search(r'<input type="text" name="title"[^>]*aria-invalid="true"', title)
    assert re.search(r'<input type="text" name="title"[^>]*aria-describedby="id_title_error"', title)
    assert "Vul de titel van uw project in." in title


def test_the_error_summary_is_a_list_of_links_that_name_their_fields(client, draft):
    summary = summary_of(edit(client, draft, title="", requested_amount="x", themes=[]))

    items = re.findall(
        r'<li><a class="utrecht-link" href="#([^"]+)" data-error-link>([^<]+)</a></li>', summary
    )
    assert items == [
        ("id_title", "Vul de titel van uw project in."),
        ("id_requested_amount", "Vul bij “Aangevraagd bedrag” een bedrag in euro’s in, zoals 2.500,50."),
    ]


def test_the_neighbourhoods_are_in_a_fieldset_per_district_with_a_box_for_the_whole_district(client, draft):
    NeighbourhoodFactory(name="Wyck", district="Centrum")
    NeighbourhoodFactory(name="Caberg", district="Noordwest")

    html = client.get(f"/portaal/aanvragen/{draft.pk}/bewerken/").content.decode()

    assert re.search(
        r'<legend class="utrecht-form-fieldset__legend mi-choice-group__legend">Centrum</legend>', html
    )
    assert re.search(
        r'<legend class="utrecht-form-fieldset__legend mi-choice-group__legend">Noordwest</legend>', html
    )
    assert "Heel stadsdeel Noordwest" in html


def test_ticking_a_whole_district_chooses_all_its_neighbourhoods(client, draft):
    for name in ("Wyck", "Binnenstad", "Jekerkwartier"):
        NeighbourhoodFactory(name=name, district="Centrum")
    NeighbourhoodFactory(name="Caberg", district="Noordwest")

    edit(client, draft, neighbourhoods=[], neighbourhoods__whole=["Centrum"])

    assert set(draft.neighbourhoods.all()) == set(Neighbourhood.objects.filter(district="Centrum"))
    assert draft.neighbourhoods.count() >= 3


def test_the_page_adds_up_the_budget_and_shows_what_is_still_to_divide(client, draft):
    response = edit(client, draft, requested_amount="6000", **{"budget-1-amount": "2.000,50"})

    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "<span data-budget-total>€\u00a05.000,50</span>" in html
    assert "<span data-budget-difference>€\u00a0999,50</span>" in html
    assert re.search(r'<span data-budget-status="differs">', html)
    assert re.search(r'<span data-budget-status="adds-up" hidden>', html)


def test_a_draft_with_everything_valid_says_saved_and_goes_on_to_the_check_page(client, draft):
    response = client.post(f"/portaal/aanvragen/{draft.pk}/bewerken/", {**draft_data(), "check": "1"})

    assert response.url == f"/portaal/aanvragen/{draft.pk}/controleren/"


def test_another_organisations_draft_cannot_be_saved(client, member):
    client.force_login(member)
    other = ApplicationFactory(summary="Van een ander.")

    assert (
        client.post(f"/portaal/aanvragen/{other.pk}/bewerken/", draft_data(summary="Gekaapt")).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.summary == "Van een ander."


def test_a_target_group_choice_that_does_not_exist_is_refused_and_the_rest_is_saved(client, draft):
    TargetGroupFactory()

    response = edit(client, draft, target_groups=["999999"])

    draft.refresh_from_db()
    assert draft.summary == "Samen koken en eten."
    assert not draft.target_groups.exists()
    assert "Kies bij “Doelgroepen” een van de mogelijkheden." in summary_of(response)


def test_saving_again_the_page_shown_after_a_partial_save_keeps_the_budget_lines(client, draft):
    # The first save has an error, so the page is shown again as posted (no lines were saved before it, so the
    # page still says INITIAL_FORMS=0), while the valid lines are saved meanwhile; saving that page again with the
    # same lines must keep them, not take them for untouched empty rows.
    edit(client, draft, title="")
    assert draft.budget_lines.count() == 2

    edit(client, draft)

    assert [(line.description, line.amount) for line in draft.budget_lines.all()] == [
        ("Boodschappen", Decimal("3000.00")),
        ("Zaalhuur", Decimal("2000.00")),
    ]
