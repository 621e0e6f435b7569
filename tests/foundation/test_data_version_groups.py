"""The data version per table group: a write renews the public pages that show its group, and only those."""

import pytest
from django.db import connection
from django.urls import resolve
from django.utils import timezone

from initiatives.models import Organisation
from maastricht_inclusie import data_version
from progress.models import Indicator, IndicatorUpdate
from tenders import services
from tenders.models import Application, Score
from tests.factories import (
    ContactMomentFactory,
    KeyPersonFactory,
    OrganisationFactory,
    RoundFactory,
    assessed_application,
    closed,
    ranked_applications,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the data version is PostgreSQL's"),
]

DIRECTORY, REGISTER, OVERVIEW = "/organisaties/", "/voortgang/subsidies/", "/voortgang/"


def test_every_tracked_table_bumps_the_number_of_its_group():
    groups = data_version.trigger_groups()

    assert {table: groups[table] for table in data_version.tracked_tables()} == {
        table: data_version.group_of(table) for table in data_version.tracked_tables()
    }
    assert data_version.group_of("keypersons_contactmoment") == "network"
    assert data_version.group_of("tenders_score") == "assessment"
    assert data_version.group_of("tenders_decision") == "tenders"
    assert data_version.group_of("initiatives_organisation") == "registry"


def test_a_write_bumps_its_group_and_the_one_number_but_no_other_group():
    before = {group: data_version.versions((group,)) for group in data_version.GROUPS}
    number = data_version.current()

    KeyPersonFactory()

    after = {group: data_version.versions((group,)) for group in data_version.GROUPS}
    assert data_version.current() != number
    assert [group for group in data_version.GROUPS if after[group] != before[group]] == ["network"]


def test_unknown_groups_are_refused():
    with pytest.raises(ValueError):
        data_version.versions(("registry", "nonsense"))


@pytest.fixture
def pages(client, officer):
    """A granted application in the register, an indicator, and the four pages cached."""
    application = assessed_application(
        organisation=OrganisationFactory(name="Stichting Oud"), title="Oud Plan"
    )
    closed(application.round)
    services.decide(application=application, outcome="granted", amount=application.requested_amount,
                    reasons="Goed plan.", by=officer)  # fmt: skip
    indicator = Indicator.objects.create(
        name="Deelnemers", slug="deelnemers", unit="mensen", target=1000, target_date=timezone.localdate()
    )
    paths = {"directory": DIRECTORY, "register": REGISTER, "overview": OVERVIEW,
             "indicator": f"/voortgang/indicatoren/{indicator.slug}/"}  # fmt: skip
    for path in paths.values():
        assert client.get(path).status_code == 200
    return {"application": application, "the_indicator": indicator, **paths}


def served_from_the_cache(client, path, django_assert_num_queries) -> bool:
    """A cached page costs the one query for its groups' numbers, and nothing else."""
    try:
        with django_assert_num_queries(1):
            client.get(path)
    except AssertionError:
        return False
    return True


def test_the_pages_say_which_groups_they_read():
    assert resolve(DIRECTORY).func.reads == ("registry",)
    assert set(resolve(REGISTER).func.reads) == {"registry", "tenders"}
    assert "network" not in resolve(OVERVIEW).func.reads
    assert "assessment" not in resolve(OVERVIEW).func.reads
    assert set(resolve("/voortgang/toezeggingen/motie/").func.reads) == {"registry", "tenders", "progress"}
    assert resolve("/voortgang/indicatoren/deelnemers/").func.reads == ("progress",)


def test_a_contact_moment_leaves_every_public_page_cached(client, pages, django_assert_num_queries):
    ContactMomentFactory(key_persons=[KeyPersonFactory()])

    for name in ("directory", "register", "overview", "indicator"):
        assert served_from_the_cache(client, pages[name], django_assert_num_queries), name


def test_an_assessment_leaves_the_register_and_the_overview_cached(client, pages, django_assert_num_queries):
    Score.objects.filter(assessment__application=pages["application"]).update(motivation="Herzien.")

    for name in ("directory", "register", "overview"):
        assert served_from_the_cache(client, pages[name], django_assert_num_queries), name


def test_a_registry_edit_shows_at_once_and_leaves_the_indicator_cached(
    client, pages, django_assert_num_queries
):
    Organisation.objects.filter(name="Stichting Oud").update(name="Stichting Nieuw")

    assert "Stichting Nieuw" in client.get(pages["directory"]).content.decode()
    assert "Stichting Nieuw" in client.get(pages["register"]).content.decode()
    assert served_from_the_cache(client, pages["indicator"], django_assert_num_queries)


def test_a_tenders_write_shows_at_once_and_leaves_the_directory_cached(
    client, pages, django_assert_num_queries
):
    Application.objects.filter(pk=pages["application"].pk).update(title="Nieuw Plan")

    assert "Nieuw Plan" in client.get(pages["register"]).content.decode()
    assert served_from_the_cache(client, pages["directory"], django_assert_num_queries)
    assert served_from_the_cache(client, pages["indicator"], django_assert_num_queries)


def test_a_progress_write_shows_at_once_and_leaves_the_directory_and_register_cached(
    client, pages, django_assert_num_queries
):
    IndicatorUpdate.objects.create(
        indicator=pages["the_indicator"], date=timezone.localdate(), value=5, note="Nieuw"
    )

    assert "Nieuw" in client.get(pages["indicator"]).content.decode()
    assert served_from_the_cache(client, pages["directory"], django_assert_num_queries)
    assert served_from_the_cache(client, pages["register"], django_assert_num_queries)


def test_a_contact_moment_leaves_the_ranking_cached_and_a_score_renews_it(client, officer, monkeypatch):
    from tenders import queries

    client.force_login(officer)
    round_ = RoundFactory()
    best, _other = ranked_applications(round_, (8, 5), officer=officer)
    computed = []
    ranking = queries.ranking
    monkeypatch.setattr(queries, "ranking", lambda round_: computed.append(1) or ranking(round_))
    url = f"/medewerkers/rondes/{round_.pk}/rangschikking/"
    assert client.get(url).status_code == 200

    ContactMomentFactory(key_persons=[KeyPersonFactory()])
    client.get(url)
    assert computed == [1]

    Score.objects.filter(assessment__application=best).update(score=2)
    client.get(url)
    assert computed == [1, 1]
