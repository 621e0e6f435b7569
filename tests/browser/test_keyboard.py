"""The application form with the keyboard only: Tab and Shift+Tab, typing, Space and Enter.

No clicks after logging in: focus must move through labelled fields in reading order, and after a
save with errors the error summary takes focus and its links take focus to the fields.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tenders.models import State
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    RoundFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# What has focus: its id, and for a form control the text of its labels (the legend for a checkbox group
# is on the fieldset; each checkbox has its own label).
FOCUSED = """() => {
  const el = document.activeElement;
  return {
    id: el.id,
    tag: el.tagName.toLowerCase(),
    labels: el.labels ? Array.from(el.labels, (label) => label.textContent.trim()) : [],
    text: el.textContent.trim(),
  };
}"""

FORM_ORDER = [
    "id_title", "id_summary", "id_plan", "id_themes_0", "id_neighbourhoods_0_all", "id_neighbourhoods_0_0",
    "id_target_groups_0",
    "id_expected_reach", "id_starts_on", "id_ends_on", "id_requested_amount",
    "id_budget-0-description", "id_budget-0-amount", "id_budget-1-description", "id_budget-1-amount",
    "id_budget-2-description", "id_budget-2-amount",
]  # fmt: skip


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _tab(page, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab), stepping over the day, month and year parts of a date field."""
    before = _focused(page)
    page.keyboard.press(key)
    now = _focused(page)
    while now["tag"] == "input" and now["id"] == before["id"]:
        page.keyboard.press(key)
        now = _focused(page)
    return now


def _date(day: date) -> str:
    """A date as typed, digit by digit, into Chromium's date field.

    The field orders day and month by the browser's own language (month first without Chromium's
    language packs), so the tests use dates whose day and month are the same number.
    """
    assert day.day == day.month
    return day.strftime("%d%m%Y")


@pytest.fixture
def draft(roles):
    """An almost empty draft in an open round, made by a member of a verified organisation."""
    membership = MembershipFactory()
    ThemeFactory(name="Ontmoeting")
    NeighbourhoodFactory(name="Caberg")
    TargetGroupFactory(name="Jongeren")
    return ApplicationFactory(
        round=RoundFactory(), organisation=membership.organisation, created_by=membership.user, title="Concept",
        summary="", plan="", expected_reach=None, starts_on=None, ends_on=None, requested_amount=None,
        complete=False,
    )  # fmt: skip


def test_the_application_form_works_with_the_keyboard_only(page, draft):
    year = timezone.localdate().year + 1
    starts_on, too_early, ends_on = date(year, 6, 6), date(year, 5, 5), date(year, 9, 9)
    log_in(page, draft.created_by.username)
    page.goto(f"/portaal/aanvragen/{draft.pk}/bewerken/")

    # The skip link comes first; then the header's links and the logout button, the back link and
    # the three steps, each with a name.
    assert _focused(page)["tag"] == "body"
    now = _tab(page)
    assert now["text"] == _("Skip to main content")
    now = _tab(page)
    while now["id"] != "id_title":
        assert now["tag"] in ("a", "button") and now["text"], now
        now = _tab(page)

    # Through the form in reading order: every control has a label; fill each one on the way.
    # The title is emptied and the end lies before the start, so the first save has errors.
    typing = {
        "id_title": "",
        "id_summary": "Wekelijkse ontmoeting van jongeren uit Caberg.",
        "id_plan": "Twintig avonden met sport en gesprek.",
        "id_expected_reach": "80",
        "id_starts_on": _date(starts_on),
        "id_ends_on": _date(too_early),
        "id_requested_amount": "5000",
        "id_budget-0-description": "Zaalhuur",
        "id_budget-0-amount": "3000",
        "id_budget-1-description": "Begeleiding",
        "id_budget-1-amount": "2000",
    }
    visited = []
    while now["tag"] != "button":
        visited.append(now["id"])
        assert now["labels"] and all(now["labels"]), f"{now['id']} has no label"
        if now["id"] in typing:
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(typing[now["id"]])
        elif now["id"].endswith("_0"):  # the first theme, neighbourhood and target group
            page.keyboard.press("Space")
        now = _tab(page)
    assert visited == FORM_ORDER
    assert now["text"] == _("Save draft")
    assert page.locator("#id_starts_on").input_value() == starts_on.isoformat()
    page.keyboard.press("Enter")

    # The error summary has focus; its links take focus to the fields, which keep what was typed.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_summary")).to_have_value(typing["id_summary"])
    assert_accessible(page)

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == _("Fill in the title of your project.")
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Sport en gesprek in Caberg")

    # Shift+Tab goes back into the summary, to its last link: the end date.
    now = _tab(page, "Shift+Tab")
    assert now["tag"] == "a" and now["text"] == _(
        "The planned end is before the planned start: choose a later end date."
    ), now
    page.keyboard.press("Enter")
    expect(page.locator("#id_ends_on")).to_be_focused()
    page.keyboard.type(_date(ends_on))

    now = _tab(page)
    while now["tag"] != "button":
        now = _tab(page)
    assert now["text"] == _("Save draft")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(_("Saved."))
    expect(page.locator("#error-summary")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.title == "Sport en gesprek in Caberg"
    assert (draft.starts_on, draft.ends_on) == (starts_on, ends_on)
    assert draft.requested_amount == Decimal("5000.00") and draft.expected_reach == 80
    assert [(line.description, line.amount) for line in draft.budget_lines.order_by("pk")] == [
        ("Zaalhuur", Decimal("3000.00")),
        ("Begeleiding", Decimal("2000.00")),
    ]
    assert draft.themes.count() == draft.neighbourhoods.count() == draft.target_groups.count() == 1


def test_the_skip_link_takes_focus_to_the_main_content(page, draft):
    log_in(page, draft.created_by.username)
    page.goto(f"/portaal/aanvragen/{draft.pk}/bewerken/")

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == _("Skip to main content")
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    assert _tab(page)["text"] == _("Back to the application")


def test_the_error_summary_takes_focus_also_after_the_skip_link(page, draft):
    log_in(page, draft.created_by.username)
    page.goto(f"/portaal/aanvragen/{draft.pk}/bewerken/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _step in range(20):
        if _tab(page)["id"] == "id_title":
            break
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")  # submits the form with its first button, "Save draft"

    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused(timeout=2_000)
