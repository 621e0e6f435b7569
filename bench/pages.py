"""The pages the benchmark loads, who is logged in for each, and how many queries each one runs.

Shared by bench/run.py and tests/bench/test_query_counts.py, so the suite checks the same pages
(at small scales) that the benchmark reports (at scale 1 and 4).
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.benchdata import (
    ASSESSOR_USERNAME,
    DIRECTOR_USERNAME,
    MEMBER_USERNAME,
    OFFICER_USERNAME,
    PROGRAMME_CODE,
    RANKING_ROUND,
)
from initiatives.models import Organisation
from tenders.models import Round

MAXIMUM_QUERIES = 15


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {round} and {organisation} are filled in from the data
    username: str | None = None  # None: anonymous

    @property
    def is_public(self) -> bool:
        return self.username is None


PAGES = [
    Page("voortgang", "/voortgang/"),
    Page("voortgang/subsidies", "/voortgang/subsidies/"),
    Page("initiatieven", "/initiatieven/"),
    Page("portaal (lid)", "/portaal/", MEMBER_USERNAME),
    Page("netwerk (regisseur)", "/netwerk/", DIRECTOR_USERNAME),
    Page("admin aanvragen", "/admin/tenders/application/", OFFICER_USERNAME),
    Page("rangschikking", "/medewerkers/rondes/{round}/rangschikking/", OFFICER_USERNAME),
    Page("werkvoorraad (beleid)", "/medewerkers/", OFFICER_USERNAME),
    Page("beoordelen (beoordelaar)", "/beoordelen/", ASSESSOR_USERNAME),
]
BASELINE = Page("baseline", "/bench/baseline/{organisation}/")


def url(page: Page) -> str:
    values = {}
    if "{round}" in page.path:
        values["round"] = Round.objects.get(programme__code=PROGRAMME_CODE, number=RANKING_ROUND).pk
    if "{organisation}" in page.path:
        values["organisation"] = Organisation.objects.order_by("pk").values_list("pk", flat=True).first()
    return page.path.format(**values)


def logged_in_client(username: str | None) -> Client:
    """A client with a session for the user, as after logging in (with the second factor, where required)."""
    client = Client()
    if username is None:
        return client
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    if apps.is_installed("django_otp"):
        # Staff in some roles confirm a code from their authenticator app after the password; a session
        # that has done so carries the device's id. Give the user a confirmed device and mark the session.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def session_cookie(client: Client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# Transaction control is not counted: BEGIN and COMMIT in production are SAVEPOINT and RELEASE in a test.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def count_statements(pages: list[Page] = PAGES) -> dict[str, tuple[int, int]]:
    """Per page: (queries, all statements) of one request, with an empty cache (cached public pages at their worst).

    A request first warms what every request shares: the session and the translation catalogue.
    """
    counts = {}
    for page in pages:
        client = logged_in_client(page.username)
        address = url(page)
        client.get(address)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        if response.status_code != 200:
            raise AssertionError(f"{page.name}: {address} answered {response.status_code}, not 200.")
        statements = [query["sql"] for query in captured.captured_queries]
        queries = [sql for sql in statements if not sql.upper().startswith(TRANSACTION_CONTROL)]
        counts[page.name] = (len(queries), len(statements))
    return counts


def query_counts() -> dict[str, int]:
    return {name: queries for name, (queries, _all) in count_statements().items()}
