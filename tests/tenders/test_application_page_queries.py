"""Seen: the officer's application page ran about three queries per objection for its letters. Its count is now the
same with one objection as with four (each with its acknowledgement letter and delivery)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import Letter
from tests.tenders.test_objection_procedure import granted, object_to

pytestmark = pytest.mark.django_db

# The most queries the page may run on a later visit of an officer, with a decision and its objections.
MAXIMUM = 30


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _with_objections(officer, count: int):
    decision = granted(officer)
    for _ in range(count):
        object_to(decision, officer)
    return decision.application


def _queries(client, application, objections: int) -> int:
    url = reverse("staff:application_detail", args=[application.pk])
    client.get(url)  # the first visit fills the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The decision letter and each acknowledgement, each with its resend.
    assert response.content.decode().count("/opnieuw-versturen/") == 1 + objections
    return len(queries)


def test_the_application_page_runs_as_many_queries_with_four_objections_as_with_one(
    officer_client, officer, django_assert_max_num_queries
):
    one, four = _with_objections(officer, 1), _with_objections(officer, 4)
    assert Letter.objects.filter(kind="objection_acknowledgement").count() == 5

    with_one = _queries(officer_client, one, 1)
    with_four = _queries(officer_client, four, 4)

    assert with_one == with_four
    with django_assert_max_num_queries(MAXIMUM):
        officer_client.get(reverse("staff:application_detail", args=[four.pk]))
