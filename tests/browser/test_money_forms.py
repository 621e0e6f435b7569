"""Amounts and forms in a real Chromium: what a person types is what is stored, errors show, steps confirm.

Chromium's own `type=number` box read "2500,50" as 250050 and "2.500" as 2.5; these tests type into the
portal's money fields the way people in the Netherlands write amounts, and check what the database holds.
"""

import re
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tenders.models import Application, State
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import ApplicationFactory, MembershipFactory, NeighbourhoodFactory, submitted_application

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(roles):
    membership = MembershipFactory()
    return ApplicationFactory(
        organisation=membership.organisation,
        created_by=membership.user,
        requested_amount=None,
        complete=False,
    )


def _edit(page, draft):
    log_in(page, draft.created_by.username)
    page.goto(f"/portaal/aanvragen/{draft.pk}/bewerken/")


def _amount(page):
    return page.locator("#id_requested_amount")


@pytest.mark.parametrize("typed", ["2.500,50", "2500,50"])
def test_an_amount_typed_the_dutch_way_in_chromium_is_stored_as_meant(page, draft, typed):
    _edit(page, draft)

    _amount(page).fill("")
    _amount(page).press_sequentially(typed)
    page.locator("#id_budget-0-description").fill("Zaalhuur")
    page.locator("#id_budget-0-amount").press_sequentially(typed)
    page.get_by_role("button", name=_("Save draft")).click()

    expect(page.get_by_role("status")).to_contain_text(_("Saved."))
    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("2500.50")
    assert draft.budget_lines.get().amount == Decimal("2500.50")
    expect(_amount(page)).to_have_value("2.500,50")


def test_an_english_page_takes_the_english_way_of_writing(page, draft):
    log_in(page, draft.created_by.username)
    page.goto(f"/en/portaal/aanvragen/{draft.pk}/bewerken/")

    _amount(page).press_sequentially("2,500.50")
    page.get_by_role("button", name="Save draft").click()

    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("2500.50")
    expect(_amount(page)).to_have_value("2,500.50")


def test_an_error_shows_the_invalid_style_and_the_summary_link_takes_focus_to_the_field(page, draft):
    _edit(page, draft)

    _amount(page).press_sequentially("2.500,5x")
    page.get_by_role("button", name=_("Save draft")).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(_amount(page)).to_have_value("2.500,5x")
    expect(_amount(page)).to_have_attribute("aria-invalid", "true")
    expect(_amount(page)).to_have_attribute("aria-describedby", "id_requested_amount_error")
    field = page.locator(".utrecht-form-field--invalid").filter(has=_amount(page))
    assert field.evaluate("el => getComputedStyle(el).borderInlineStartWidth") == "5px"
    assert _amount(page).evaluate("el => getComputedStyle(el).borderTopWidth") == "4px"
    assert _amount(page).evaluate("el => getComputedStyle(el).borderTopColor") == "rgb(176, 0, 30)"
    message = page.locator("#id_requested_amount_error")
    assert message.bounding_box()["y"] < _amount(page).bounding_box()["y"]  # the message stands above the box
    assert_accessible(page)

    summary.get_by_role("link", name=re.compile("Aangevraagd bedrag")).click()

    expect(_amount(page)).to_be_focused()


def test_the_budget_adds_up_while_typing(page, draft):
    _edit(page, draft)

    _amount(page).press_sequentially("6.000")
    page.locator("#id_budget-0-amount").press_sequentially("2.500,50")
    page.locator("#id_budget-1-amount").press_sequentially("3499,50")

    budget = page.locator("[data-budget]")
    expect(budget.locator("[data-budget-total]")).to_have_text("€\u00a06.000,00")
    expect(budget.locator("[data-budget-difference]")).to_have_text("€\u00a00,00")
    expect(budget.locator('[data-budget-status="adds-up"]')).to_be_visible()

    page.locator("#id_budget-1-amount").fill("2,500")  # two ways to read: not counted
    expect(budget.locator('[data-budget-status="unreadable"]')).to_be_visible()
    expect(budget.locator("[data-budget-total]")).to_have_text("€\u00a02.500,50")


def test_ticking_a_whole_district_ticks_its_neighbourhoods(page, draft):
    for name in ("Wyck", "Binnenstad"):
        NeighbourhoodFactory(name=name, district="Centrum")
    NeighbourhoodFactory(name="Caberg", district="Noordwest")
    _edit(page, draft)

    centre = page.get_by_role("group", name="Centrum")
    centre.get_by_label(_("The whole %(group)s district") % {"group": "Centrum"}).check()

    expect(centre.get_by_label("Wyck")).to_be_checked()
    expect(centre.get_by_label("Binnenstad")).to_be_checked()
    expect(page.get_by_label("Caberg")).not_to_be_checked()
    assert_accessible(page)


def test_withdrawing_asks_first_and_focus_is_on_the_question(page, roles):
    application = submitted_application()
    member = application.submitted_by
    log_in(page, member.username)
    page.goto(f"/portaal/aanvragen/{application.pk}/")

    page.get_by_role("link", name=_("Withdraw the application")).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    assert_accessible(page)
    page.get_by_role("link", name=_("Cancel and go back")).click()
    expect(page).to_have_url(re.compile(rf"/portaal/aanvragen/{application.pk}/$"))
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED

    page.get_by_role("link", name=_("Withdraw the application")).click()
    page.get_by_role("button", name=_("Yes, withdraw the application")).click()

    expect(page.get_by_role("status")).to_contain_text(_("Your application is withdrawn."))
    assert Application.objects.get(pk=application.pk).state == State.WITHDRAWN


def test_the_check_page_shows_the_full_application_and_submits_with_the_declaration(page, roles):
    membership = MembershipFactory()
    application = ApplicationFactory(organisation=membership.organisation, created_by=membership.user)
    log_in(page, membership.user.username)
    page.goto(f"/portaal/aanvragen/{application.pk}/controleren/")
    assert_accessible(page)

    page.get_by_role("button", name=_("Submit the application")).click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.get_by_label(
        _("I declare that I have filled in this application completely and truthfully.")
    ).check()
    page.get_by_role("button", name=_("Submit the application")).click()

    expect(page.get_by_role("heading", name=_("What happens next"))).to_be_visible()
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED
    assert_accessible(page)
