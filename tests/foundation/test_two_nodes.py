"""Several web nodes behind a load balancer share PostgreSQL, Redis and the private media, and nothing else.

Two gunicorn processes serve the portal from the test database with one Redis and one private-media
directory, as two machines would; a visitor's requests alternate between them. Beat started twice by
mistake (two schedulers, each on its own node) sends every reminder once.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import global_settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from maastricht_inclusie import caching
from reminders.models import Reminder
from tenders.models import Attachment
from tenders.tasks import round_closing_reminders
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    login_form,
)

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL)"),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database), for the nodes."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One web node: gunicorn serving the portal on its own port, started the way production starts it."""

    def __init__(self, name: str, environment: dict[str, str], log_dir: Path):
        self.name, self.port = name, free_port()
        self.log = log_dir / f"gunicorn-{name}.log"
        command = [sys.executable, "-m", "gunicorn", "maastricht_inclusie.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log)

    def wait_until_healthy(self, seconds: int = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:  # not listening yet
                pass
            time.sleep(0.3)
        raise AssertionError(f"node {self.name} did not become healthy:\n{self.log.read_text()[-3000:]}")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            response.body = response.read()
            return response
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Visitor:
    """A browser that keeps its cookies while the load balancer sends each request to the node it names."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, node: Node, path: str):
        return self._send(node, "GET", path)

    def post(self, node: Node, path: str, fields: dict, files: dict | None = None):
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self._send(node, "POST", path, body, {"Content-Type": content_type})

    def csrf_from(self, response) -> None:
        match = CSRF_FIELD.search(response.body.decode())
        assert match, "the page has a form with a CSRF token"
        self.csrf_token = match[1]

    def _send(self, node, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = node.request(method, path, body, headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def nodes(django_db_setup, tmp_path_factory):
    """Nodes A and B: the same settings, the same test database, Redis and private media; nothing else shared."""
    if connection.vendor != "postgresql":
        pytest.skip("several web nodes share a PostgreSQL database (DATABASE_URL)")
    shared = tmp_path_factory.mktemp("nodes")
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "PRIVATE_MEDIA_ROOT": str(shared / "private-media"),
        "MEDIA_ROOT": str(shared / "media"),
        "SECRET_KEY": "two-nodes-one-secret-key-for-this-test-only",
        # Development mode serves plain HTTP on 127.0.0.1 (no HTTPS redirect, no secure-only cookies).
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_PAGES_FRESH_SECONDS": "0",  # a write shows at once when nobody renews the page meanwhile
    }
    started = []
    try:
        for name in ("A", "B"):
            started.append(Node(name, environment, shared))
        for node in started:
            node.wait_until_healthy()
        yield started
    finally:
        for node in started:
            node.stop()


@pytest.fixture
def member_with_password(settings):
    """An organisation member with a draft application, whose password the nodes' own hasher can check."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the nodes run the production hashers
    membership = MembershipFactory()
    membership.user.set_password(PASSWORD)
    membership.user.save()
    return membership


def page_key(path: str) -> str:
    """The key under which `cached_public_page` keeps the Dutch page at `path`."""
    return caching.page_key(path, language="nl")


def log_in(visitor: Visitor, node: Node, username: str) -> None:
    visitor.csrf_from(visitor.get(node, "/accounts/login/"))
    response = visitor.post(node, "/accounts/login/", login_form(username))
    assert response.status == 302, response.body.decode()[:2000]
    assert "/accounts/login/" not in response.getheader("Location")


def test_a_session_started_on_one_node_is_valid_on_the_other(nodes, member_with_password):
    a, b = nodes
    visitor = Visitor()
    assert "/accounts/login/" in visitor.get(b, "/portaal/").getheader("Location")

    log_in(visitor, a, member_with_password.user.username)
    response = visitor.get(b, "/portaal/")

    assert response.status == 200
    assert member_with_password.organisation.name in response.body.decode()


def test_an_attachment_uploaded_through_one_node_downloads_through_the_other(nodes, member_with_password):
    a, b = nodes
    draft = ApplicationFactory(organisation=member_with_password.organisation)
    visitor = Visitor()
    log_in(visitor, a, member_with_password.user.username)

    visitor.csrf_from(visitor.get(a, f"/portaal/aanvragen/{draft.pk}/bijlagen/"))
    upload = visitor.post(
        a, f"/portaal/aanvragen/{draft.pk}/bijlagen/", {"kind": "statutes"}, {"file": ("statuten.pdf", PDF)}
    )
    assert upload.status == 302, upload.body.decode()[:2000]
    attachment = Attachment.objects.get(application=draft)
    download = visitor.get(b, f"/bijlagen/{attachment.pk}/")

    assert download.status == 200
    assert download.getheader("Content-Disposition").startswith("attachment")
    assert download.body == PDF


def test_a_cached_public_page_is_renewed_on_both_nodes_after_a_change(nodes, member_with_password):
    a, b = nodes
    organisation = member_with_password.organisation
    path = f"/organisaties/{organisation.slug}/"

    before = [node.request("GET", path) for node in (a, b)]
    assert [r.status for r in before] == [200, 200]
    assert all(organisation.name in r.body.decode() for r in before)
    assert cache.get(page_key(path)) is not None, "A put the page in the cache that B reads"

    organisation.name = "Stichting Nieuwe Naam"
    organisation.save()  # committed at once: the test runs in autocommit, as the nodes do
    after = [node.request("GET", path) for node in (a, b)]

    assert [r.status for r in after] == [200, 200]
    assert all("Stichting Nieuwe Naam" in r.body.decode() for r in after)


def test_two_beats_at_once_send_each_reminder_once():
    closes = timezone.now() + timedelta(days=20)
    draft = ApplicationFactory(round=RoundFactory(closes_at=closes))
    members = [MembershipFactory(organisation=draft.organisation, user=UserFactory()).user for _ in range(2)]
    day = timezone.localtime(closes).date() - timedelta(days=7)  # the first reminder is due
    start, sent = threading.Barrier(2), []

    def beat():
        start.wait()
        try:
            sent.append(round_closing_reminders())
        finally:
            connections.close_all()

    with time_machine.travel(datetime(day.year, day.month, day.day, 8, tzinfo=AMSTERDAM), tick=False):
        threads = [threading.Thread(target=beat) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        again = round_closing_reminders()  # and once more, later the same day

    assert sum(sent) == len(members) and again == 0  # both beats ran; between them each member was sent one
    reminders = Reminder.objects.filter(kind="round_closing", subject_id=draft.pk)
    assert sorted(r.recipient_id for r in reminders) == sorted(m.pk for m in members)
    assert sorted(to for message in mail.outbox for to in message.to) == sorted(m.email for m in members)
