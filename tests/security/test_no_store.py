"""Pages and downloads with personal or financial data are never stored by a browser or a proxy."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, RoundFactory, UserFactory, submitted_application

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_members_pages_and_their_application_are_not_stored(client):
    membership = MembershipFactory()
    application = submitted_application(organisation=membership.organisation)
    client.force_login(membership.user)

    for url in (
        reverse("portal:home"),
        reverse("portal:profile"),
        reverse("portal:application_detail", args=[application.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and _no_store(response), url


def test_the_network_the_ranking_and_the_two_factor_setup_are_not_stored(client, roles):
    client.force_login(UserFactory(roles=["regisseur"]))
    assert _no_store(client.get(reverse("network:dashboard")))

    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    assert _no_store(client.get(reverse("staff:ranking", args=[RoundFactory().pk])))
    assert _no_store(client.get(reverse("two_factor:setup")))


def test_an_export_download_is_not_stored(client, officer, download_export):
    from exports.models import ExportJob

    round_ = RoundFactory()
    client.force_login(officer)
    download_export(client, "ranking", round=round_.pk)
    job = ExportJob.objects.get()

    assert _no_store(client.get(reverse("portal:export_download", args=[job.pk])))


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    assert not _no_store(client.get(reverse("progress:overview")))
