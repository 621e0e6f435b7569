"""The public directory: only public and verified records, search, filters, pagination, flat queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative, Organisation
from tests.factories import (
    CampaignFactory,
    InitiativeFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["page"].object_list]


def titles(response):
    return [i.title for i in response.context["page"].object_list]


def test_only_public_and_verified_organisations_are_listed(client):
    OrganisationFactory(name="Zichtbaar")
    OrganisationFactory(name="Niet publiek", is_public=False)
    OrganisationFactory(name="Nog te controleren", status=Organisation.Status.TO_VERIFY)
    OrganisationFactory(name="Aanvraag", status=Organisation.Status.REQUESTED)

    response = client.get("/organisaties/")

    assert names(response) == ["Zichtbaar"]


def test_non_public_records_have_no_public_page(client):
    hidden = OrganisationFactory(is_public=False)
    unverified = OrganisationFactory(status=Organisation.Status.TO_VERIFY)
    private_initiative = InitiativeFactory(is_public=False)
    initiative_of_hidden = InitiativeFactory(organisation=hidden)

    assert client.get(f"/organisaties/{hidden.slug}/").status_code == 404
    assert client.get(f"/organisaties/{unverified.slug}/").status_code == 404
    assert client.get(f"/initiatieven/{private_initiative.slug}/").status_code == 404
    assert client.get(f"/initiatieven/{initiative_of_hidden.slug}/").status_code == 404


def test_search_finds_organisations_by_name_and_description(client):
    OrganisationFactory(name="Stichting Futsal", description="Sport verbindt AZC en buurt.")
    OrganisationFactory(name="Humanitas", description="Taalmaatjes voor nieuwkomers.")
    OrganisationFactory(name="Verborgen Taalclub", description="Taalmaatjes", is_public=False)

    assert names(client.get("/organisaties/", {"q": "futsal"})) == ["Stichting Futsal"]
    assert names(client.get("/organisaties/", {"q": "taalmaatjes"})) == ["Humanitas"]
    assert names(client.get("/organisaties/", {"q": "Huma"})) == ["Humanitas"]
    assert names(client.get("/organisaties/", {"q": "onbekend woord"})) == []


def test_filters_by_theme_neighbourhood_target_group_and_kind(client):
    theme, other_theme = ThemeFactory(), ThemeFactory()
    hood = NeighbourhoodFactory(name="Wittevrouwenveld")
    youth = TargetGroupFactory(name="Jongeren")
    match = OrganisationFactory(name="Treffer", kind=Organisation.Kind.VOLUNTEER)
    match.themes.add(theme)
    match.neighbourhoods.add(hood)
    match.target_groups.add(youth)
    wrong_theme = OrganisationFactory(name="Ander thema", kind=Organisation.Kind.VOLUNTEER)
    wrong_theme.themes.add(other_theme)
    wrong_theme.neighbourhoods.add(hood)
    hidden = OrganisationFactory(name="Verborgen", is_public=False, kind=Organisation.Kind.VOLUNTEER)
    hidden.themes.add(theme)

    assert names(client.get("/organisaties/", {"theme": theme.pk})) == ["Treffer"]
    assert names(client.get("/organisaties/", {"neighbourhood": hood.pk})) == ["Ander thema", "Treffer"]
    assert names(client.get("/organisaties/", {"target_group": youth.pk})) == ["Treffer"]
    assert names(client.get("/organisaties/", {"kind": "volunteer", "theme": theme.pk})) == ["Treffer"]
    assert names(client.get("/organisaties/", {"kind": "professional"})) == []


def test_initiatives_filter_by_status_and_campaign_and_search(client):
    campaign = CampaignFactory(name="Weerbaar Opvoeden")
    InitiativeFactory(title="Opvoedavonden", status=Initiative.Status.RUNNING, campaign=campaign)
    InitiativeFactory(title="Buurtfeest", status=Initiative.Status.IDEA, description="Een feest in Malberg.")
    InitiativeFactory(title="Geheim plan", is_public=False, campaign=campaign)

    assert titles(client.get("/initiatieven/", {"status": "idea"})) == ["Buurtfeest"]
    assert titles(client.get("/initiatieven/", {"campaign": campaign.pk})) == ["Opvoedavonden"]
    assert titles(client.get("/initiatieven/", {"q": "malberg"})) == ["Buurtfeest"]


def test_a_bad_filter_value_gives_an_unfiltered_page_not_an_error(client):
    OrganisationFactory(name="Zichtbaar")

    response = client.get("/organisaties/", {"theme": "not-a-number", "kind": "nonsense", "page": "999"})

    assert response.status_code == 200


def test_directory_paginates_and_keeps_the_filters_in_page_links(client):
    theme = ThemeFactory()
    for index in range(25):
        OrganisationFactory(name=f"Organisatie {index:02d}").themes.add(theme)

    first = client.get("/organisaties/", {"theme": theme.pk})
    second = client.get("/organisaties/", {"theme": theme.pk, "page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert f"theme={theme.pk}&amp;page=2" in first.content.decode()


def test_organisation_page_links_its_public_initiatives_and_campaigns(client):
    organisation = OrganisationFactory(name="Stichting Monkey Tree")
    campaign = CampaignFactory(name="Reflections of Maastricht", lead_organisation=organisation)
    InitiativeFactory(organisation=organisation, title="Verhalen ophalen", campaign=campaign)
    InitiativeFactory(organisation=organisation, title="Intern overleg", is_public=False)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "Verhalen ophalen" in html
    assert "Intern overleg" not in html
    assert campaign.get_absolute_url() in html
    campaign_html = client.get(campaign.get_absolute_url()).content.decode()
    assert "Verhalen ophalen" in campaign_html
    assert organisation.get_absolute_url() in campaign_html


def test_directory_works_in_english(client):
    ThemeFactory(name="Ontmoeting", name_en="Meeting")
    OrganisationFactory(name="Argus")

    html = client.get("/en/organisaties/").content.decode()

    assert "1 organisation found" in html
    assert "Meeting" in html


def make_directory(size):
    themes = [ThemeFactory() for _ in range(3)]
    hoods = [NeighbourhoodFactory() for _ in range(3)]
    campaign = CampaignFactory()
    for _ in range(size):
        organisation = OrganisationFactory()
        organisation.themes.set(themes)
        organisation.neighbourhoods.set(hoods)
        initiative = InitiativeFactory(organisation=organisation, campaign=campaign)
        initiative.themes.set(themes)
        initiative.neighbourhoods.set(hoods)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/organisaties/", "/initiatieven/", "/campagnes/", "/organisaties/?q=stichting"]
)
def test_directory_pages_run_a_fixed_number_of_queries(client, url):
    make_directory(3)
    small = count_queries(client, url)
    make_directory(30)

    assert count_queries(client, url) == small
    assert small <= 10


def test_a_repeated_visit_is_served_from_the_cache_with_one_query(client):
    make_directory(3)
    count_queries(client, "/initiatieven/")

    assert count_queries(client, "/initiatieven/") == 1  # only the data version is read
    assert count_queries(client, "/en/initiatieven/") > 1  # each language is cached on its own


def test_a_change_in_the_registry_shows_at_once_despite_the_cache(client):
    make_directory(3)
    client.get("/initiatieven/")
    client.get("/organisaties/")

    InitiativeFactory(title="Buurtfeest Malberg")
    first = Organisation.objects.filter(status=Organisation.Status.VERIFIED).order_by("name").first()
    Organisation.objects.filter(pk=first.pk).update(name="Aaa Hernoemd")  # no save(): the database notices

    assert "Buurtfeest Malberg" in client.get("/initiatieven/").content.decode()
    assert "Aaa Hernoemd" in client.get("/organisaties/").content.decode()


def test_logged_in_visitors_and_visitors_with_a_message_get_their_own_page(client, django_user_model):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    make_directory(3)
    client.get("/organisaties/")
    # A message waiting for this visitor (here in the message cookie) is shown once and never cached.
    storage = CookieStorage(HttpRequest())
    response = client.get("/organisaties/")
    storage.add(constants.INFO, "Alleen voor deze bezoeker")
    storage.update(response)
    client.cookies.update(response.cookies)

    assert "Alleen voor deze bezoeker" in client.get("/organisaties/").content.decode()
    assert "Alleen voor deze bezoeker" not in client.get("/organisaties/").content.decode()

    client.force_login(django_user_model.objects.create_user("lid", password="x"))
    assert count_queries(client, "/organisaties/") > 1


def test_only_the_pages_and_their_page_numbers_are_cached_not_every_query_string(client):
    make_directory(3)
    for url in [
        "/organisaties/?page=1",
        "/organisaties/?utm=x",
        "/organisaties/?q=stichting",
        "/organisaties/?page=1&page=2",
    ]:
        count_queries(client, url)

    assert count_queries(client, "/organisaties/?page=1") == 1
    assert count_queries(client, "/organisaties/?utm=x") > 1
    assert count_queries(client, "/organisaties/?q=stichting") > 1
    assert count_queries(client, "/organisaties/?page=1&page=2") > 1
