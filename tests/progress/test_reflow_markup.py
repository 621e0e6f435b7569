"""Reflow (WCAG 1.4.10) in the markup: tables scroll in labelled regions, amounts in numeric columns, whole chart labels.

The browser suite (tests/browser/test_reflow.py) measures the pages themselves; these tests pin down the markup
that makes them reflow, so that a regression shows without a browser.
"""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from progress.charts import LABEL_CHARACTERS, bar_chart
from tenders import services
from tests.factories import RoundFactory, assessed_application, closed

pytestmark = pytest.mark.django_db

LONG_ROUND = "Tender 1: ontmoeting en dialoog tussen bewoners van verschillende achtergronden in de wijk"


def regions(html: str) -> list[str]:
    return re.findall(r'<div class="utrecht-table-container mi-table-region"[^>]*>', html)


def test_every_table_of_a_page_scrolls_in_a_focusable_region_named_after_its_caption(client, officer):
    round_ = RoundFactory(title=LONG_ROUND, ceiling=Decimal("100000"))
    application = assessed_application(round=round_)
    closed(application.round)  # a tender round is decided after it closes
    services.decide(application=application, outcome="granted", amount=application.requested_amount,
                    reasons="Goed plan.", by=officer)  # fmt: skip

    html = client.get("/voortgang/").content.decode()

    assert html.count("<table") == len(regions(html)) >= 1
    assert all('role="region"' in r and 'aria-label="' in r for r in regions(html))
    assert (
        'aria-label="Per ronde: plafond, aangevraagd, verleend, betaald en resterend" tabindex="0">' in html
    )
    # The templates' own containers became the regions: no region inside another container.
    assert '<div class="utrecht-table-container"><div' not in html


def test_a_table_already_in_a_labelled_region_is_left_as_it_is():
    html = Template(
        "{% load portal %}{% filter table_regions %}"
        '<div class="utrecht-table-container" tabindex="0" role="region" aria-labelledby="c">'
        '<table><caption id="c">Rollen</caption></table></div>'
        '<table><caption>Een &amp; <span class="visually-hidden">twee "drie"</span></caption></table>'
        "{% endfilter %}"
    ).render(Context())

    assert html.count('role="region"') == 2
    assert 'aria-labelledby="c"' in html
    assert 'aria-label="Een &amp; twee &quot;drie&quot;"' in html


def test_a_region_is_a_tab_stop_only_when_its_table_has_nothing_to_focus_itself():
    html = Template(
        "{% load portal %}{% filter table_regions %}"
        "<table><caption>Cijfers</caption><tr><td>1</td></tr></table>"
        '<table><caption>Lijst</caption><tr><td><a href="/x/">x</a></td></tr></table>'
        '<table><caption>Begroting</caption><tr><td><input name="bedrag"></td></tr></table>'
        "{% endfilter %}"
    ).render(Context())

    assert 'aria-label="Cijfers" tabindex="0">' in html
    assert 'aria-label="Lijst">' in html and 'aria-label="Begroting">' in html


def test_amounts_in_the_register_stand_in_a_numeric_column(client, officer):
    application = assessed_application(round=RoundFactory(ceiling=Decimal("100000")))
    closed(application.round)  # a tender round is decided after it closes
    services.decide(application=application, outcome="granted", amount=Decimal("2500"), reasons="Goed plan.",
                    by=officer)  # fmt: skip

    html = client.get("/voortgang/subsidies/").content.decode()

    # The amount, then whether it is the granted or the settled one.
    cell = re.search(r'<td class="([^"]*)">€\xa02\.500,00<br><span class="mi-note">', html)
    assert (
        cell
        and "utrecht-table__cell--numeric-column" in cell[1]
        and "utrecht-table__cell--numeric-data" in cell[1]
    )
    assert 'utrecht-table__header-cell--numeric-column" scope="col">Bedrag</th>' in html


def test_a_long_chart_label_is_wrapped_at_word_boundaries_and_never_cut_off():
    chart = bar_chart([(LONG_ROUND, Decimal("1000"), "€ 1.000,00"), ("Kort", Decimal("500"), "€ 500,00")])
    long_bar, short_bar = chart["bars"]

    assert " ".join(long_bar.lines) == LONG_ROUND
    assert len(long_bar.lines) > 1 and all(len(line) <= LABEL_CHARACTERS for line in long_bar.lines)
    assert (
        short_bar.y > long_bar.y + long_bar.bar_y
    )  # the next row starts below the wrapped label and its bar
    assert chart["height"] > short_bar.y + short_bar.bar_y


def test_the_progress_page_shows_a_round_title_whole_in_its_chart(client, officer):
    round_ = RoundFactory(title=LONG_ROUND, ceiling=Decimal("100000"))
    application = assessed_application(round=round_)
    closed(application.round)  # a tender round is decided after it closes
    services.decide(application=application, outcome="granted", amount=application.requested_amount,
                    reasons="Goed plan.", by=officer)  # fmt: skip

    html = client.get("/voortgang/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert "…" not in svg
    assert " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)).startswith(LONG_ROUND)
