"""Reflow (WCAG 1.4.10, 1.4.12) on every page of the portal, at 320 and at 1280 CSS pixels.

The pages come from the URL conf as in the accessibility crawl (every named URL that some role may GET, visited as
the first such role, on the demo data): a new page is checked without touching this file. On each, at both widths:

- the page itself never scrolls sideways (`document.documentElement.scrollWidth <= innerWidth`); a wide table
  scrolls inside its own region instead;
- no word in a table cell is broken over two lines;
- no amount as the portal writes it ("€ 25.000,00", with a no-break space) and no application reference
  ("DI-2017-R2-0001") is broken over two lines. (Free text that someone typed with an ordinary space after the
  euro sign may break there, like any other text.)

The demo data is loaded once; one browser context per role; each page is loaded once and measured at both widths.
"""

import pytest
from django.utils import translation

from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import pages_by_role
from tests.security.test_access_matrix import USERS, demo  # noqa: F401 - demo is a fixture

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 1280)

# What the page overflows with (the elements that reach past the right edge, outside a scrolling region), and
# every amount, reference or word in a table cell that the browser laid out on more than one line.
MEASURE = r"""() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) {
    const wide = [...document.querySelectorAll("body *")].filter((element) =>
      element.getBoundingClientRect().right > width + 1 && !element.parentElement.closest("[role=region]"));
    problems.push(`page is ${document.documentElement.scrollWidth}px wide: ` +
      wide.slice(-3).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`).join(", "));
  }
  const pattern = /€\u00a0?-?\d[\d.,]*\d|\b[A-Z]{2,}-\d{4}-R\d+-\d{4}\b/g;
  const lines = (node, match) => {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest("svg, script, style, [hidden]")) continue;
    for (const match of node.data.matchAll(pattern)) {
      if (lines(node, match) > 1) problems.push(`"${match[0]}" is broken over two lines`);
    }
    // In a table, text wraps between words only ("Bedra|g" was broken by the root's word-break).
    if (!node.parentElement.closest("td, th")) continue;
    for (const match of node.data.matchAll(/[^\s\-–/]{2,}/g)) {
      if (lines(node, match) > 1) problems.push(`"${match[0]}" in a table cell is broken over two lines`);
    }
  }
  return problems;
}"""


def reflow_problems(page) -> dict[int, list[str]]:
    """The problems of the page as loaded, at each width (the layout follows the viewport without a reload)."""
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems[width] = page.evaluate(MEASURE)
    return problems


def test_the_check_finds_a_page_wider_than_the_screen_and_broken_amounts_and_words(page, live_server):
    """The measurement itself can fail: a fixed-width block and an amount squeezed into a narrow cell."""
    page.set_content(
        '<div style="width: 600px">wide</div>'
        '<table><tr><td style="width: 3ch; word-break: break-all">€\u00a025.000,00</td>'
        '<td style="width: 3ch; word-break: break-all">DI-2017-R2-0001</td>'
        '<th style="width: 3ch; word-break: break-all">Bedrag</th></tr></table>'
    )
    problems = reflow_problems(page)

    assert any("page is" in p for p in problems[320])
    assert any("€\xa025.000,00" in p for p in problems[1280])
    assert any("DI-2017-R2-0001" in p for p in problems[1280])
    assert any('"Bedrag" in a table cell' in p for p in problems[1280])


def test_no_page_scrolls_sideways_and_no_amount_wraps(request, new_page, reference_lists, subtests):
    """One walk per role (a subtest each, every failing role reported), all on one load of the demo data."""
    data = request.getfixturevalue("demo")  # seed_demo's data, as the access matrix uses it
    for role, pages in pages_by_role().items():
        if pages:
            with subtests.test(role=role):
                _walk(new_page, data, role, pages)


def _walk(new_page, data, role, pages):
    with translation.override("nl"):
        urls = [(name, build(data)) for name, build in pages]
    page = new_page(viewport={"width": WIDTHS[0], "height": 900})
    if role != "anon":
        log_in(page, USERS[role], DEMO_PASSWORD)

    failures, checked = [], 0
    for name, url in urls:
        response = page.request.get(url, max_redirects=0)
        if response.status != 200 or not response.headers.get("content-type", "").startswith("text/html"):
            continue  # the accessibility crawl reports a page that is not there; downloads are not pages
        page.goto(url)
        checked += 1
        for width, problems in reflow_problems(page).items():
            failures += [f"{name} {url} at {width}px: {problem}" for problem in problems]
    page.context.close()

    assert checked > 0
    assert failures == [], "\n".join(failures)
