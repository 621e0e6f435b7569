import socket

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch_first():
    # A request under /en/ leaves English active in this thread; every test starts in Dutch, the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories set a password for every user; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _steady_staff_sessions(settings):
    # A staff session is written when its idle timer restarts, once a minute; tests that count queries or
    # travel in time would otherwise see an extra write now and then. The timer's own test sets this back.
    settings.STAFF_SESSION_REFRESH_SECONDS = 24 * 3600


@pytest.fixture(autouse=True)
def _public_pages_renewed_at_once(settings):
    # In production a public page is renewed at most once in PUBLIC_PAGES_FRESH_SECONDS; tests that write and then
    # look at a page expect the write at once. tests/foundation/test_stale_while_revalidate.py sets it back.
    settings.PUBLIC_PAGES_FRESH_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    # With REDIS_URL set (CI) the cache is shared between tests; start each one empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    # Tasks run in the test's own thread, also when CI points REDIS_URL at a real broker; the tests
    # marked `redis` start a real worker and switch this off themselves.
    from maastricht_inclusie.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("redis") is None
    yield
    app.conf.task_always_eager = eager


@pytest.fixture(scope="session", autouse=True)
def _quick_flush():
    """A transactional test empties only the tables it filled (tests/flush.py): two seconds less per test."""
    from django.core.management.commands import flush

    from tests.flush import sql_flush_of_filled_tables

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", sql_flush_of_filled_tables)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is a scratch database: marked as one (bench/marker.py), so that the benchmark generator
    may fill it and a transactional test's flush may empty the access log, which refuses TRUNCATE elsewhere."""
    from bench.marker import mark_bench_database

    with django_db_blocker.unblock():
        mark_bench_database()


@pytest.fixture
def roles(db):
    from accounts.roles import sync_roles

    sync_roles()


@pytest.fixture
def download_export(django_capture_on_commit_callbacks, settings, tmp_path):
    """Ask for a background export through the form, let the task run, and return the file's bytes."""
    from django.urls import reverse

    from exports.models import ExportJob

    settings.PRIVATE_MEDIA_ROOT = tmp_path

    def download(client, kind: str, fmt: str = "csv", **params) -> bytes:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("portal:export_create"),
                {"kind": kind, "format": fmt, **{f"param_{k}": v for k, v in params.items()}},
            )
        job = ExportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
        file = client.get(reverse("portal:export_download", args=[job.pk]))
        assert file.status_code == 200 and file["Content-Disposition"].startswith("attachment")
        return b"".join(file.streaming_content)

    return download


# -- the people of the portal, one fixture each: tests log them in when they need a page -----------------


@pytest.fixture
def officer(roles):
    """A policy officer (not logged in): staff, with the role's permissions, as in the demo."""
    from tests.factories import UserFactory

    return UserFactory(username="beleid-test", is_staff=True, roles=["beleidsmedewerker"])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def member(db):
    """A member (editor) of an organisation of their own (not logged in)."""
    from tests.factories import MembershipFactory

    return MembershipFactory().user


@pytest.fixture
def director(roles):
    return _network_user("regisseur-test", "regisseur", first_name="Rita")


@pytest.fixture
def network_staff(roles):
    return _network_user("netwerk-test", "netwerkmedewerker")


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


def _network_user(username: str, role: str, **fields):
    from tests.factories import UserFactory

    return UserFactory(username=username, roles=[role], **fields)


class Inbox:
    """What a test's own SMTP server received: one envelope per message."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, connection, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free port, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    controller.start()
    yield inbox
    controller.stop()
