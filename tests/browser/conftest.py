"""Browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Playwright's own browser download is not used: the tests launch the Chromium that Debian installs
(`apt-get install chromium`, done by .ci/run), or the one CHROMIUM_PATH points at. Without one the
browser tests are skipped, so `make test` still runs on a machine without Chromium.
"""

import functools
import importlib
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.db import connections
from django.utils.translation import gettext
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails the test quickly.
TIMEOUT_MS = 15_000
# axe-core's impact levels that fail a test; AXE_IMPACTS="minor,moderate,serious,critical" shows all.
FAILING_IMPACTS = frozenset(os.environ.get("AXE_IMPACTS", "serious,critical").split(","))


def chromium_path() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses ORM
    calls while one runs (SynchronousOnlyOperation), also in the test's own code and fixtures. Django
    documents DJANGO_ALLOW_ASYNC_UNSAFE for exactly this; it is set only while Playwright runs, and
    the loop is gone again when the module's tests are done.

    With a loop running, Django also keeps its database connections apart from the ones it uses
    without (asgiref's Local): the ORM calls of these tests get a connection of their own, closed here
    while it is still the current one, so PostgreSQL can drop the test database at the end.
    """
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found: install Debian's chromium or set CHROMIUM_PATH")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
            connections.close_all()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (one per user), all closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploads land in the test's own folder, never in the working tree.
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def reference_lists(transactional_db):
    """The key-person network's reference lists (domains, topics, partners) that a migration adds.

    A transactional test empties every table afterwards; Django's post-migrate signal brings back
    content types and permissions, but not what a data migration wrote. (A serialized rollback would,
    but its copy of the data belongs to the connection used before Playwright started.)
    """
    migration = importlib.import_module("keypersons.migrations.0002_reference_lists_and_append_only_log")
    migration.add_reference_lists(apps, None)
    # The special entries of those lists (AVG art. 9) and the first information text (AVG art. 14).
    importlib.import_module("keypersons.migrations.0008_special_categories_and_informing").mark_special(
        apps, None
    )
    importlib.import_module("keypersons.migrations.0009_information_text").first_version(apps, None)


def log_in(page, username: str, password: str = PASSWORD):
    """Log in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.locator("#id_auth-username").fill(username)
    page.locator("#id_auth-password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main_menu(page):
    return page.get_by_role("navigation", name=gettext("Main menu"))


def field(page, label: str):
    """The form control with this visible label, whole (a required field's label ends in '(verplicht)').

    Django capitalises a model field's verbose name for its label, so the case is not compared.
    """
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\(verplicht\))?$", re.IGNORECASE))


@functools.cache
def _axe() -> Axe:
    return Axe()  # reads axe-core's script, bundled with axe-playwright-python, once


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each.

    axe is evaluated through the DevTools protocol, which the page's Content Security Policy does not
    govern, so the journeys check their pages under the real policy; the page-wide crawl opens its
    pages with bypass_csp all the same, so that nothing axe does can be refused.
    """
    results = _axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)
