"""Every page that shows a key person's name says in the access log which persons it showed, lists included, so
a person's copy of their data can say who saw them, when and where.

Seen: the contact form (every name as a checkbox), the new-person form (the "introduced by" list), the suggestions
(introducer names), the networks list and the access log itself logged nothing; list pages logged only "viewed a
list".
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import AccessLog, Action, KeyPerson, ShownPerson
from tests.factories import ContactMomentFactory, SignalFactory, consented
from tests.keypersons.test_access import POST_ONLY, READ_ONLY_FOR_STAFF, _network_urls

pytestmark = pytest.mark.django_db
FILES = {"person_export", "rights_copy", "dpia", "information_text_pdf"}


@pytest.fixture
def network(director, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    introducer = consented(name="Introductrice Aalbers")
    people = [consented(name=f"Persoon Nummer{n}", introduced_by=introducer) for n in range(3)]
    services.add_tie(person=people[0], by=director, other_person=people[1])
    moment = ContactMomentFactory(key_persons=[people[0], people[2]])
    Action.objects.create(
        key_person=people[1], owner=director, due_on=timezone.localdate(), description="Bellen"
    )
    return _network_urls(people[0], SignalFactory(), moment)


def _named(html: str) -> set[int]:
    return {pk for pk, name in KeyPerson.objects.values_list("pk", "name") if name and name in html}


def _shown_by(after: int) -> set[int]:
    return set(ShownPerson.objects.filter(entry__pk__gt=after).values_list("key_person_id", flat=True))


@pytest.mark.parametrize("who", ["director", "network_staff"])
def test_every_page_that_names_key_persons_logs_each_of_them(client, network, who, request):
    client.force_login(request.getfixturevalue(who))
    pages = {name: url for name, url in network.items() if name not in POST_ONLY | FILES}
    if who == "network_staff":
        pages = {name: url for name, url in pages.items() if name not in READ_ONLY_FOR_STAFF}

    unlogged = {}
    for name, url in pages.items():
        before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        html = client.get(url).content.decode()
        missing = _named(html) - _shown_by(before)
        if missing:
            unlogged[name] = missing
    assert unlogged == {}
    assert len(pages) >= (20 if who == "director" else 14)


@pytest.mark.parametrize(
    "page", ["network:contact_create", "network:person_create", "network:suggestions", "network:network_list"]
)
def test_the_pages_seen_logging_nothing_now_log_what_they_show(director_client, network, page):
    # The contact form names people only once searched for (search, then choose).
    director_client.get(reverse(page), {"q": "Aalbers"} if page == "network:contact_create" else {})

    row = AccessLog.objects.latest("pk")
    assert row.path == reverse(page)
    if page != "network:network_list":  # networks carry no person; the list is logged as a list of networks
        assert _shown_by(row.pk - 1) >= {KeyPerson.objects.get(name="Introductrice Aalbers").pk}


def test_reading_the_access_log_is_logged_with_the_persons_it_lists(director_client, network):
    person = KeyPerson.objects.get(name="Persoon Nummer0")
    director_client.get(reverse("network:person_detail", args=[person.pk]))

    director_client.get(reverse("network:access_log"))

    row = AccessLog.objects.latest("pk")
    assert row.object_type == "accesslog" and row.what == "list"
    assert person.pk in {shown.key_person_id for shown in row.shown.all()}
