"""The dashboard's named rows (issue 22): which rows to show is cached by id under the network's version, the
names and descriptions are read on every visit; a committed change shows on the next request, another role
never gets what the first visitor's page held, and the access log is one statement naming who was shown."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import AccessLog, Action, KeyPerson, ShownPerson
from tests.factories import SignalFactory, UserFactory
from tests.keypersons.dashboard import TODAY, URL, at_midday, overdue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday_of_today():
    with at_midday():
        yield


def _rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def test_a_renamed_person_shows_under_the_new_name_on_the_next_visit(director_client):
    person = overdue("Lotte Maes")
    assert "Lotte Maes" in director_client.get(URL).content.decode()

    KeyPerson.objects.filter(pk=person.pk).update(name="Lotte Claessens")

    page = director_client.get(URL).content.decode()
    assert "Lotte Claessens" in page and "Lotte Maes" not in page


def test_an_action_done_leaves_the_dashboard_and_a_new_one_appears_at_once(director_client, director):
    person = overdue("Sem Hermans")
    owner = UserFactory(first_name="Ilse", last_name="Wolfs")
    action = Action.objects.create(key_person=person, owner=owner, due_on=TODAY - timedelta(days=3), description="Sem bellen")  # fmt: skip
    page = director_client.get(URL).content.decode()
    assert "Sem bellen" in page and "Ilse Wolfs" in page
    assert "keypersons/dashboard_signals.html" not in _rendered(
        director_client.get(URL)
    )  # now from the cache

    services.complete_action(action=action, by=director)
    Action.objects.create(signal=SignalFactory(), owner=owner, due_on=TODAY - timedelta(days=1), description="Buurtoverleg")  # fmt: skip

    page = director_client.get(URL).content.decode()
    assert "Sem bellen" not in page and "Buurtoverleg" in page


def test_an_owner_renamed_outside_the_network_shows_at_once(director_client):
    owner = UserFactory(first_name="Ilse", last_name="Wolfs")
    Action.objects.create(signal=SignalFactory(), owner=owner, due_on=TODAY - timedelta(days=2), description="Overleg")  # fmt: skip
    assert "Ilse Wolfs" in director_client.get(URL).content.decode()

    owner.last_name = "Janssen"
    owner.save()  # the users are not in the network's version: the owner is read on every visit

    page = director_client.get(URL).content.decode()
    assert "Ilse Janssen" in page and "Ilse Wolfs" not in page


def test_network_staff_get_the_shared_figures_but_not_the_directors_links_and_others_get_nothing(
    client, director, network_staff
):
    overdue("Noor Vranken")
    client.force_login(director)
    director_page = client.get(URL).content.decode()
    assert reverse("network:person_create") in director_page

    client.force_login(network_staff)
    response = client.get(URL)
    assert "keypersons/dashboard_signals.html" not in _rendered(response)  # the director's cached figures ...
    page = response.content.decode()
    assert "Noor Vranken" in page and reverse("network:person_create") not in page  # ... not their page

    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    response = client.get(URL)
    assert response.status_code == 403 and "Noor Vranken" not in response.content.decode()


def test_a_restricted_person_leaves_the_dashboard_at_once(director_client, director):
    person = overdue("Fleur Smeets")
    assert "Fleur Smeets" in director_client.get(URL).content.decode()

    services.restrict(person=person, by=director, received_on=TODAY, grounds="Betwist de juistheid")

    assert "Fleur Smeets" not in director_client.get(URL).content.decode()


def test_the_access_log_is_one_statement_that_names_everyone_shown(director_client, director):
    late = overdue("Daan Ramakers")
    acted = overdue("Eva Bosch", days=20)
    Action.objects.create(key_person=acted, owner=director, due_on=TODAY - timedelta(days=1), description="Bellen")  # fmt: skip
    director_client.get(URL)

    with CaptureQueriesContext(connection) as captured:
        director_client.get(URL)

    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "WITH"))
    ]
    assert len(writes) == 1 and "keypersons_shownperson" in writes[0]
    entry = AccessLog.objects.filter(user=director, path=URL).order_by("-pk").first()
    assert set(ShownPerson.objects.filter(entry=entry).values_list("key_person_id", flat=True)) == {
        late.pk,
        acted.pk,
    }


def test_the_holes_are_filled_escaped_and_a_hole_without_a_value_is_emptied():
    from keypersons.masked import fill, hole

    body = f"<li>{hole('p', 1)}</li><li>{hole('p', 2)}</li><p>{hole('d', 3)}</p>"
    filled = fill(body, {"p1": "<b>Jan</b> & Piet", "d3": "regel<br>"})

    assert filled == "<li>&lt;b&gt;Jan&lt;/b&gt; &amp; Piet</li><li></li><p>regel&lt;br&gt;</p>"


def test_names_descriptions_and_the_return_address_are_escaped_on_the_page(director_client, director):
    person = overdue('<script>alert("x")</script> Jansen')
    Action.objects.create(key_person=person, owner=director, due_on=TODAY - timedelta(days=1), description="Bel <b>nu</b>\nen morgen")  # fmt: skip

    page = director_client.get(URL, {"period": "week", "x": '"><script>'}).content.decode()

    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Jansen" in page
    assert "Bel &lt;b&gt;nu&lt;/b&gt;<br>en morgen" in page  # linebreaksbr, as the action table shows it
    assert (
        'name="next" value="/netwerk/?period=week&amp;x=%22%3E%3Cscript%3E"' in page
    )  # this request's, escaped


def test_the_forms_of_the_cached_table_carry_this_sessions_csrf_token(director, network_staff):
    from django.test import Client

    person = overdue("Joep Custers")
    action = Action.objects.create(key_person=person, owner=director, due_on=TODAY - timedelta(days=1), description="Joep bellen")  # fmt: skip
    other = Client()
    other.force_login(network_staff)
    other.get(URL)  # the body is cached by another visitor's request
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(director)
    page = browser.get(URL).content.decode()
    token = page.split('action="' + reverse("network:action_done", args=[action.pk]) + '">')[1]
    token = token.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = browser.post(
        reverse("network:action_done", args=[action.pk]), {"csrfmiddlewaretoken": token, "next": URL}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY


def test_the_workspace_menu_kept_for_the_director_is_never_shown_to_network_staff(
    client, director, network_staff
):
    client.force_login(director)
    assert reverse("network:access_log") in client.get(URL).content.decode()

    client.force_login(network_staff)
    page = client.get(URL).content.decode()
    assert reverse("network:person_list") in page and reverse("network:access_log") not in page
    assert (
        f'href="{reverse("network:person_list")}" aria-current="page"'
        in client.get(reverse("network:person_list")).content.decode()
    )


def test_the_one_statement_reads_and_logs_what_the_demo_databases_path_reads_and_logs(director):
    """`named` reads and logs in one PostgreSQL statement what `_named_by_orm` (SQLite, the demo) reads in two
    queries and logs through the ORM: the open actions with their owners, and the persons asked for and those of
    the actions, never an erased or restricted one; an entry naming exactly the persons read."""
    from keypersons.audit import new_entry
    from keypersons.models import Signal
    from keypersons.queries.dashboard import _named_by_orm, named

    late, of_action, erased, restricted = (overdue(name) for name in ("Anna", "Bram", "Cor", "Dana"))
    owner = UserFactory(username="eigenaar", first_name="", last_name="")
    open_ = Action.objects.create(key_person=of_action, owner=owner, due_on=TODAY, description="Bram\nbellen")
    done = Action.objects.create(
        key_person=late, owner=owner, due_on=TODAY, description="Klaar", done_on=TODAY
    )
    on_erased = Action.objects.create(key_person=erased, owner=owner, due_on=TODAY, description="Cor")
    KeyPerson.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    KeyPerson.objects.filter(pk=restricted.pk).update(restricted_at=timezone.now())
    actions, people = [open_.pk, done.pk, on_erased.pk, 0], [late.pk, restricted.pk]
    log, orm_log = (new_entry(director, AccessLog.What.LIST, Signal, path=URL) for _path in range(2))
    orm_log.at = log.at

    values, shown = named(actions, people, log=log)

    orm_values, orm_shown = _named_by_orm(actions, people, log=orm_log)
    assert values == orm_values and sorted(shown) == sorted(orm_shown)
    assert sorted(shown) == sorted([late.pk, of_action.pk])
    assert values[f"o{open_.pk}"] == "eigenaar" and values[f"d{open_.pk}"] == "Bram<br>bellen"
    assert f"d{done.pk}" not in values and f"p{erased.pk}" not in values
    fields = ("at", "user_id", "what", "object_type", "object_id", "path", "detail")
    written, orm_written = (AccessLog.objects.values(*fields).get(pk=entry.pk) for entry in (log, orm_log))
    assert written == orm_written == {
        "at": log.at, "user_id": director.pk, "what": "list", "object_type": "signal", "object_id": None,
        "path": URL, "detail": "",
    }  # fmt: skip
    for entry in (log, orm_log):
        logged = ShownPerson.objects.filter(entry_id=entry.pk).values_list("key_person_id", flat=True)
        assert sorted(logged) == sorted([late.pk, of_action.pk])
