"""An admin search of more than 10 words or 200 characters is not run (maastricht_inclusie/admin_search.py):
the officer is told why, and the database is not asked a query with a LIKE per word and field."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/initiatives/organisation/"
TOO_LARGE = "De zoekopdracht is niet uitgevoerd"


def _search(client, term: str, url: str = LIST):
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        response = client.get(url, {"q": term})
        elapsed = time.monotonic() - started
    searched = any("LIKE" in query["sql"].upper() for query in queries.captured_queries)
    return response, searched, elapsed


def test_a_search_of_1900_words_is_refused_quickly_with_a_message(officer_client):
    OrganisationFactory(name="Humanitas Maastricht")
    term = " ".join(f"woord{n}" for n in range(1900))

    response, searched, elapsed = _search(officer_client, term)

    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not searched
    assert list(response.context["cl"].result_list) == []
    assert elapsed < 5


@pytest.mark.parametrize(
    "term",
    [
        pytest.param(" ".join(["buurt"] * 11), id="11 words"),
        pytest.param("x" * 201, id="201 characters in one word"),
    ],
)
def test_a_search_just_over_a_limit_is_not_run(officer_client, term):
    response, searched, _ = _search(officer_client, term)

    assert TOO_LARGE in response.content.decode()
    assert not searched


def test_a_normal_search_still_finds_the_organisation(officer_client):
    OrganisationFactory(name="Humanitas Maastricht")
    OrganisationFactory(name="Stichting Tevhid")

    response, searched, _ = _search(officer_client, "humanitas")

    assert searched
    assert [o.name for o in response.context["cl"].result_list] == ["Humanitas Maastricht"]
    assert TOO_LARGE not in response.content.decode()


def test_ten_words_within_200_characters_are_still_searched(officer_client):
    OrganisationFactory(
        name="Humanitas Maastricht", description="een twee drie vier vijf zes zeven acht negen"
    )

    response, searched, _ = _search(officer_client, "humanitas een twee drie vier vijf zes zeven acht negen")

    assert searched
    assert [o.name for o in response.context["cl"].result_list] == ["Humanitas Maastricht"]


def test_a_quoted_phrase_counts_as_one_word(officer_client):
    OrganisationFactory(name="Stichting een twee drie vier vijf zes zeven acht negen tien elf")

    response, searched, _ = _search(officer_client, '"een twee drie vier vijf zes zeven acht negen tien elf"')

    assert searched
    assert response.context["cl"].result_count == 1


def test_the_progress_admin_is_bounded_too(client, roles):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response, searched, _ = _search(client, " ".join(["motie"] * 50), url="/admin/progress/commitment/")

    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not searched


def test_the_message_is_in_english_under_en(officer_client):
    response = officer_client.get("/en" + LIST, {"q": "x" * 300})

    assert "The search was not run: use at most 10 words and 200 characters." in response.content.decode()


@pytest.mark.parametrize("model", ["accessattempt", "accesslog", "accessfailurelog"])
def test_the_admins_of_django_axes_are_bounded_too(client, roles, model):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response, searched, _ = _search(client, " ".join(["10.0.0.1"] * 50), url=f"/admin/axes/{model}/")

    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not searched


def test_a_normal_search_of_the_login_attempts_still_finds_them(client, roles):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="beleid", ip_address="203.0.113.9", user_agent="x", failures_since_start=3
    )
    AccessAttempt.objects.create(
        username="humanitas", ip_address="198.51.100.7", user_agent="x", failures_since_start=1
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response, searched, _ = _search(client, "beleid", url="/admin/axes/accessattempt/")

    assert searched
    assert [a.username for a in response.context["cl"].result_list] == ["beleid"]
