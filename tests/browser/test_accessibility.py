"""axe-core on every page of the portal, in Dutch and in English: no serious or critical violations.

The pages come from the URL conf, so a new page is checked without touching this file: every named
URL that some role may GET (the access-control matrix in tests/security says who gets a 200 where),
visited as the first such role, on the demo data of `seed_demo`. Downloads (CSV, JSON, PDF) are not
pages and are left out.
"""

from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone, translation

from demo.management.commands.seed_demo import DEMO_PASSWORD
from progress.models import Indicator, IndicatorUpdate
from tests.browser.conftest import axe_violations, log_in
from tests.security.test_access_matrix import MATRIX, USERS, demo  # noqa: F401 - demo is a fixture
from tests.security.test_hardening import walk

pytestmark = pytest.mark.django_db(transaction=True)

# Each page is checked once, as the first of these roles that may see it.
ROLES = ("anon", "a", "officer", "director", "assessor", "network", "b", "superuser")


def _indicator(data):
    """The demo data has no indicators; the page needs one, with a few updates for its chart."""
    today = timezone.localdate()
    indicator, created = Indicator.objects.get_or_create(
        slug="deelnemers",
        defaults={"name": "Deelnemers aan dialoogbijeenkomsten", "unit": "deelnemers", "target": 400,
                  "target_date": today + timedelta(days=365)},
    )  # fmt: skip
    if created:
        for days, value in ((60, 120), (30, 180), (0, 260)):
            IndicatorUpdate.objects.create(
                indicator=indicator, date=today - timedelta(days=days), value=value
            )
    return indicator.get_absolute_url()


# Pages whose row in the matrix deliberately points at nothing (a 404 for everyone): URL and role.
EXTRA = {"progress:indicator": (_indicator, "anon")}


def pages_by_role() -> dict[str, list[tuple[str, object]]]:
    """Every named page of the URL conf that some role may GET, with how to build its URL."""
    pages = {role: [] for role in ROLES}
    for name, route in walk(get_resolver().url_patterns):
        if route.startswith("i18n/"):
            continue
        if name not in MATRIX:
            continue  # tests/security/test_access_matrix.py fails on a URL without a row
        build, expected = MATRIX[name]
        role = next((r for r in ROLES if expected[r] == 200), None)
        if name in EXTRA:
            build, role = EXTRA[name]
        if role is not None:
            pages[role].append((name, build))
    return pages


def test_the_pages_to_check_come_from_the_url_conf():
    pages = pages_by_role()
    checked = {name for role_pages in pages.values() for name, _build in role_pages}

    assert {"home", "login", "portal:home", "portal:application_edit", "network:dashboard"} <= checked
    assert len(checked) > 60


def test_no_serious_accessibility_violations(request, new_page, reference_lists, subtests):
    """One walk per role (a subtest each, every failing role reported), all on one load of the demo data."""
    data = request.getfixturevalue("demo")  # seed_demo's data, as the access matrix uses it
    for role, pages in pages_by_role().items():
        if pages:
            with subtests.test(role=role):
                _walk(new_page, data, role, pages)


def _walk(new_page, data, role, pages):
    urls = []
    for language in ("nl", "en"):
        with translation.override(language):
            urls += [(name, build(data)) for name, build in pages]
    page = new_page(bypass_csp=True)  # the Content Security Policy may not refuse anything axe does
    if role != "anon":
        log_in(page, USERS[role], DEMO_PASSWORD)

    failures, checked = [], 0
    for name, url in urls:
        response = page.request.get(url, max_redirects=0)
        if response.status != 200:
            failures.append(f"{name} {url}: status {response.status} for {role}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a download or an API, not a page
        page.goto(url)
        checked += 1
        if "<" in page.title():
            failures.append(f"{name} {url}: markup in the page title: {page.title()}")
        failures += [f"{name} {url}: {violation}" for violation in axe_violations(page)]
    page.context.close()

    assert checked > 0
    assert failures == [], "\n".join(failures)
