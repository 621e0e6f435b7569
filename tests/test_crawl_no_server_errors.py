"""Crawl the demo portal as every role: no page and no empty or garbage form post gives a server error."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation

LIMIT = 120  # pages per role: enough to reach every kind of page in the demo data
SKIP = ("/admin/", "/accounts/logout/", "/static/", "/i18n/", ".pdf", ".csv", ".xlsx", ".json")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif tag in {"input", "textarea", "select"} and self._form is not None and attrs.get("name"):
            self._form["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def crawl(client, start):
    seen, queue, posted = set(), list(start), set()
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parsed = urlparse(target)
            if parsed.netloc or parsed.scheme in {"mailto", "tel"} or any(s in target for s in SKIP):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            if action in posted or any(s in action for s in SKIP):
                continue
            posted.add(action)
            token = {k: v for k, v in form["fields"].items() if k == "csrfmiddlewaretoken"}
            garbage = {
                k: "<script>x</script>'; DROP TABLE" for k in form["fields"] if k != "csrfmiddlewaretoken"
            }
            for data in (token, {**token, **garbage}):
                assert client.post(action, data).status_code < 500, action
    return seen


@pytest.mark.django_db
def test_crawling_the_demo_as_every_role_gives_no_server_error(settings, tmp_path, subtests):
    """A subtest per role, on one load of the demo data: what a role's crawl posts is rolled back and the cache
    emptied after it, so every role crawls the demo data as loaded, with a client of its own."""
    settings.DEBUG = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    for username in [None, "humanitas", "tevhid", "beleid", "beoordelaar1", "regisseur", "admin"]:
        with subtests.test(username=username), transaction.atomic():
            cache.clear()
            translation.activate(settings.LANGUAGE_CODE)  # as each test starts (tests/conftest.py)
            try:
                _crawl_as(Client(), username)
            finally:
                transaction.set_rollback(True)
                cache.clear()


def _crawl_as(client, username):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    start = ["/", "/en/", "/voortgang/", "/open-data/", "/portaal/", "/medewerkers/rondes/", "/beoordelen/"]

    seen = crawl(client, start)

    assert len(seen) > 10
    assert any(re.match(r"^/(en/)?organisaties/[\w-]+/$", url) for url in seen)
