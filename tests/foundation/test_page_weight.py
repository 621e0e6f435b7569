"""Page weight: the CSS and JavaScript a page links stay under 60 KB before compression (issue 22)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIMIT = 60 * 1024


class Assets(HTMLParser):
    """The stylesheets and scripts a page links."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def linked_assets(html: str) -> list[Path]:
    parser = Assets()
    parser.feed(html)
    files = []
    for url in parser.urls:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of the portal's static files"
        found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        assert found, f"{url} links a file that does not exist"
        files.append(Path(found))
    return files


def weight(client, path: str) -> tuple[int, list[Path]]:
    response = client.get(path)
    assert response.status_code == 200
    files = linked_assets(response.content.decode())
    return sum(file.stat().st_size for file in files), files


@pytest.mark.parametrize("path", ["/", "/voortgang/", "/organisaties/"])
def test_a_public_page_links_under_60_kb_of_css_and_javascript(client, path):
    OrganisationFactory()

    total, files = weight(client, path)

    assert any(file.name == "utrecht.css" for file in files)  # the measurement sees the stylesheets
    assert total < LIMIT, f"{path}: {total} bytes in {[file.name for file in files]}"


@pytest.mark.parametrize("path", ["/medewerkers/", "/portaal/"])
def test_a_logged_in_page_links_under_60_kb_of_css_and_javascript(client, officer, member, path):
    client.force_login(officer if path.startswith("/medewerkers/") else member)

    total, files = weight(client, path)

    assert total < LIMIT, f"{path}: {total} bytes in {[file.name for file in files]}"


def test_the_full_utrecht_stylesheet_is_not_served():
    assert finders.find("vendor/utrecht-component-library-css/index.css") is None
    assert finders.find("vendor/utrecht-component-library-css/utrecht.css") is not None


# Classes the portal writes that no rule of the library styles on their own (so none is vendored for them).
UNSTYLED = {
    "utrecht-data-list__item",  # styled only inside utrecht-data-list--rows, which the portal does not use
    "utrecht-heading",  # the start of utrecht-heading-{{ h }}: headings 1 to 6 are kept by the safelist
    "utrecht-component-library-css",  # the vendored package's folder
}
SKIPPED = {".venv", "node_modules", "tests", "bench", "migrations", "staticfiles"}


def test_every_utrecht_class_the_portal_uses_is_in_the_vendored_stylesheet():
    """A class used for the first time needs `make vendor` (ops/vendor-css.mjs), or the page shows it unstyled."""
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for pattern in ("**/*.html", "**/*.py", "static/js/*.js")
        for path in root.glob(pattern)
        if not SKIPPED & set(path.relative_to(root).parts)
    ]
    used = {
        match for path in sources for match in re.findall(r"utrecht-[a-z0-9_-]*[a-z0-9]", path.read_text())
    }
    vendored = Path(finders.find("vendor/utrecht-component-library-css/utrecht.css")).read_text()
    styled = set(re.findall(r"\.(utrecht-[a-z0-9_-]*[a-z0-9])", vendored))

    assert len(sources) > 100
    assert used - styled - UNSTYLED == set(), "run `make vendor` and commit utrecht.css"
