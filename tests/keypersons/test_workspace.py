"""The director's workspace: dashboard, list, cadence, signal workflow, graph, suggestions, evaluation, register."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import queries, services
from keypersons.models import Action, KeyPerson, Signal
from tests.factories import (
    ContactMomentFactory,
    DomainFactory,
    KeyPersonFactory,
    NeighbourhoodFactory,
    NetworkFactory,
    OrganisationFactory,
    PartnerFactory,
    SignalFactory,
    TemperatureReadingFactory,
    TopicFactory,
    UserFactory,
    consented,
)

pytestmark = pytest.mark.django_db


def _network(size: int, director):
    hoods = [NeighbourhoodFactory() for _ in range(3)]
    owner = UserFactory()
    for i in range(size):
        person = consented()
        person.neighbourhoods.add(hoods[i % 3])
        person.domains.add(DomainFactory(name=f"Domein {i % 2}"))
        ContactMomentFactory(key_persons=[person], occurred_on=timezone.localdate() - timedelta(days=10 * i))
        SignalFactory(neighbourhood=hoods[i % 3], severity=1 + i % 4)
        TemperatureReadingFactory(neighbourhood=hoods[i % 3], level=1 + i % 5, measured_on=timezone.localdate() - timedelta(days=7 * i))  # fmt: skip
        Action.objects.create(key_person=person, owner=owner, due_on=timezone.localdate() - timedelta(days=1), description="Bellen")  # fmt: skip
        services.add_tie(person=person, by=director, network=NetworkFactory())


@pytest.mark.parametrize("name", ["dashboard", "person_list", "signal_list", "action_list", "graph", "suggestions", "evaluation"])  # fmt: skip
def test_workspace_pages_run_a_fixed_number_of_queries(
    director_client, director, django_assert_max_num_queries, name
):
    url = reverse(f"network:{name}")
    _network(3, director)
    director_client.get(url)  # warm up: session, user, roles
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # both requests at their worst: whatever a page caches, computed afresh
    with CaptureQueriesContext(connection) as small:
        assert director_client.get(url).status_code == 200
    _network(15, director)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert director_client.get(url).status_code == 200

    assert len(large) == len(small), name
    assert len(small) <= 20, name


def test_the_dashboard_shows_open_signals_overdue_actions_heat_map_and_thin_neighbourhoods(
    director_client, director
):
    hood = NeighbourhoodFactory(name="Malpertuis")
    SignalFactory(neighbourhood=hood, severity=4, description="Onrust")
    TemperatureReadingFactory(neighbourhood=hood, level=5)
    person = consented(name="Lies Achten")
    Action.objects.create(key_person=person, owner=director, due_on=timezone.localdate() - timedelta(days=3), description="Lies bellen")  # fmt: skip

    page = director_client.get(reverse("network:dashboard")).content.decode()

    assert "Malpertuis" in page
    assert 'mi-heat mi-heat--5">5</td>' in page
    assert "Lies bellen" in page
    assert "Urgent" in page or "urgent" in page


def test_cadence_turns_amber_when_overdue_and_red_after_twice_the_interval():
    today = timezone.localdate()
    person = KeyPersonFactory(contact_every_weeks=4, status="active")
    person.last_contact = today - timedelta(weeks=3)
    assert queries.people.cadence(person, today).state == "ok"
    person.last_contact = today - timedelta(weeks=5)
    assert queries.people.cadence(person, today).state == "amber"
    person.last_contact = today - timedelta(weeks=9)
    assert queries.people.cadence(person, today).state == "red"
    person.status = KeyPerson.Status.PAUSED
    assert queries.people.cadence(person, today).state == "none"


def test_the_losing_touch_filter_lists_only_red_key_persons(director_client):
    late = consented(name="Lang Geleden", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[late], occurred_on=timezone.localdate() - timedelta(weeks=10))
    recent = consented(name="Net Gesproken")
    ContactMomentFactory(key_persons=[recent])

    page = director_client.get(reverse("network:person_list"), {"cadence": "red"}).content.decode()

    assert "Lang Geleden" in page and "Net Gesproken" not in page


def test_the_signal_workflow_follows_the_table_and_keeps_history(director):
    signal = SignalFactory()
    with pytest.raises(ValidationError):
        services.transition_signal(signal=signal, to="monitoring", by=director)

    for state in ("assessing", "action", "monitoring", "closed"):
        services.transition_signal(signal=signal, to=state, by=director)

    signal.refresh_from_db()
    assert signal.state == "closed" and signal.closed_at is not None
    assert [c.to_state for c in signal.history.all()] == ["assessing", "action", "monitoring", "closed"]


def test_a_signal_is_escalated_to_partners_and_gets_actions_through_the_page(director_client, director):
    signal = SignalFactory()
    police = PartnerFactory(name="Politie")
    director_client.post(
        reverse("network:signal_escalate", args=[signal.pk]), {"escalation-partners": [police.pk]}
    )
    director_client.post(
        reverse("network:signal_action", args=[signal.pk]),
        {"action-description": "Overleg wijkagent", "action-owner": director.pk, "action-due_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )  # fmt: skip
    # A signal closes only once its actions are done or cancelled (tests/keypersons/test_signal_workflow.py).
    director_client.post(reverse("network:action_done", args=[signal.actions.get().pk]))
    response = director_client.post(
        reverse("network:signal_transition", args=[signal.pk]), {"state-to": "closed"}
    )

    signal.refresh_from_db()
    assert response.status_code == 302
    assert list(signal.escalated_to.all()) == [police]
    assert signal.actions.get().owner == director
    assert signal.state == "closed"


def test_an_action_due_in_the_past_is_refused(director_client, director):
    signal = SignalFactory()
    director_client.post(
        reverse("network:signal_action", args=[signal.pk]),
        {"action-description": "Te laat", "action-owner": director.pk, "action-due_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
    )  # fmt: skip

    assert not Action.objects.exists()


def test_the_graph_lists_every_tie_without_javascript_and_filters_by_neighbourhood(director_client, director):
    hood, elsewhere = NeighbourhoodFactory(), NeighbourhoodFactory()
    here = consented(name="Hier Woont")
    here.neighbourhoods.add(hood)
    there = consented(name="Daar Woont")
    there.neighbourhoods.add(elsewhere)
    services.add_tie(person=here, by=director, organisation=OrganisationFactory(name="Buurthuis Noord"))
    services.add_tie(person=there, by=director, network=NetworkFactory(name="Sportclub Zuid"))

    everything = director_client.get(reverse("network:graph")).content.decode()
    filtered = director_client.get(reverse("network:graph"), {"neighbourhood": hood.pk}).content.decode()

    assert "Buurthuis Noord" in everything and "Sportclub Zuid" in everything
    assert "Buurthuis Noord" in filtered and "Sportclub Zuid" not in filtered
    assert 'id="graph-data"' in filtered


def test_suggestions_name_thin_neighbourhoods_and_frequent_introducers(director_client):
    NeighbourhoodFactory(name="Lege Buurt")
    scout = consented(name="Vaak Introduceert")
    KeyPersonFactory(introduced_by=scout)
    KeyPersonFactory(introduced_by=scout)

    page = director_client.get(reverse("network:suggestions")).content.decode()

    assert "Lege Buurt" in page and "Vaak Introduceert" in page


def test_the_evaluation_report_counts_contacts_signals_and_time_to_closure(director_client, director):
    theme = TopicFactory(name="Complotdenken")
    signal = SignalFactory(theme=theme, observed_on=timezone.localdate() - timedelta(days=4))
    for state in ("assessing", "closed"):
        services.transition_signal(signal=signal, to=state, by=director)
    ContactMomentFactory(key_persons=[consented()])

    report = queries.evaluation.evaluation(timezone.localdate() - timedelta(days=30), timezone.localdate())
    page = director_client.get(reverse("network:evaluation")).content.decode()

    assert report["contacts_total"] == 1 and report["signals_total"] == 1
    assert report["closure"] == {"closed": 1, "median_days": 4, "average_days": 4.0}
    assert "Complotdenken" in page
    assert 'name="kind" value="keyperson_evaluation"' in page  # the director can ask for it as a download


def test_the_processing_register_is_generated_from_the_models(director_client):
    from django.apps import apps
    from django.utils.html import escape

    page = director_client.get(reverse("network:register")).content.decode()

    for model in apps.get_app_config("keypersons").get_models():
        assert escape(str(model._meta.verbose_name_plural).capitalize()) in page
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert escape(str(field.verbose_name)) in page, (model.__name__, field.name)
    assert "9 lid 2 sub a" in page


def test_notes_never_appear_outside_the_network_workspace(client, director):
    ContactMomentFactory(key_persons=[consented()], notes="Geheime notitie over de wijk")
    for url in ("/", "/voortgang/", "/open-data/", "/initiatieven/"):
        assert "Geheime notitie" not in client.get(url).content.decode()


def test_signal_and_temperature_forms_warn_against_naming_residents(director_client):
    for name in ("signal_create", "temperature_create", "contact_create"):
        page = director_client.get(reverse(f"network:{name}")).content.decode()
        assert "nooit over benoemde bewoners" in page or "never about named residents" in page, name


def test_a_network_is_added_by_the_director_only(client, director, network_staff):
    client.force_login(network_staff)
    assert (
        client.post(
            reverse("network:network_list"), {"name": "X", "kind": "formal", "category": "sport"}
        ).status_code
        == 403
    )

    client.force_login(director)
    client.post(
        reverse("network:network_list"), {"name": "Sportclub West", "kind": "formal", "category": "sport"}
    )
    assert "Sportclub West" in client.get(reverse("network:network_list")).content.decode()


def test_signals_list_filters_by_state(director_client):
    SignalFactory(description="open")
    closed = SignalFactory()
    Signal.objects.filter(pk=closed.pk).update(state="closed")

    assert director_client.get(reverse("network:signal_list")).context["page"].paginator.count == 1
    assert (
        director_client.get(reverse("network:signal_list"), {"state": "all"}).context["page"].paginator.count
        == 2
    )


def test_marking_an_action_done_returns_to_the_page_but_never_to_another_site(director_client, director):
    signal = SignalFactory()
    action = Action.objects.create(
        signal=signal, owner=director, due_on=timezone.localdate(), description="Bellen"
    )
    url = reverse("network:action_done", args=[action.pk])

    back = director_client.post(url, {"next": signal.get_absolute_url()})
    elsewhere = director_client.post(url, {"next": "//evil.example/"})

    assert back["Location"] == signal.get_absolute_url()
    assert elsewhere["Location"] == reverse("network:action_list")
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
