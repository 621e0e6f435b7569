"""One date format per language: `1 december 2026` in running text, `01-12-2026` in Dutch tables and `2026-12-01`
in English ones (maastricht_inclusie/formats), and templates that use the names, never a literal format."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import MembershipFactory, RoundFactory, submitted_application

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
DECEMBER_FIRST = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "text", "table"),
    [("nl", "1 december 2026", "01-12-2026"), ("en", "1 December 2026", "2026-12-01")],
)
def test_each_language_has_one_format_for_text_and_one_for_tables(language, text, table):
    with translation.override(language):
        assert date_format(DECEMBER_FIRST) == text
        assert date_format(DECEMBER_FIRST, "SHORT_DATE_FORMAT") == table


def test_no_template_writes_a_date_format_of_its_own():
    named = {
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "YEAR_MONTH_FORMAT",
    }
    # A year alone, the two moments whose seconds matter (order of receipt, the access log), and the weekday
    # of a hearing in its invitation letter.
    allowed = named | {"Y", "j F Y H:i:s", "d-m-Y H:i:s", "l j F Y, H:i"}
    literal = {
        f"{path.relative_to(TEMPLATES)}: {fmt}"
        for path in TEMPLATES.rglob("*.html")
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text())
        if fmt not in allowed
    }
    assert literal == set()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_applicants_page_writes_the_submission_date_in_words(client, prefix):
    application = submitted_application()
    client.force_login(MembershipFactory(organisation=application.organisation).user)
    submitted = timezone.localtime(application.submitted_at)

    page = client.get(f"{prefix}/portaal/aanvragen/{application.pk}/").content.decode()

    with translation.override(prefix.strip("/") or "nl"):
        assert date_format(submitted, "DATETIME_FORMAT") in page
        assert date_format(submitted, "F") in page  # the month in words, in the page's language


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "pattern"), [("", r"\d\d-\d\d-\d{4}"), ("/en", r"\d{4}-\d\d-\d\d")])
def test_the_officers_round_list_writes_table_dates_short(officer_client, prefix, pattern):
    round_ = RoundFactory()

    page = officer_client.get(f"{prefix}/medewerkers/rondes/").content.decode()

    with translation.override(prefix.strip("/") or "nl"):
        shown = date_format(timezone.localtime(round_.closes_at), "SHORT_DATE_FORMAT")
    assert re.fullmatch(pattern, shown) and shown in page
