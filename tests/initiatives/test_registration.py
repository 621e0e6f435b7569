"""Organisations register themselves; a policy officer approves; duplicates point to the existing one."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client

from initiatives import services
from initiatives.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def registration(**changes):
    data = {
        "first_name": "Fatima",
        "contact_email": "fatima@example.org",
        "username": "fatima",
        "password1": "Lange-Zin-Met-Cijfers-7",
        "password2": "Lange-Zin-Met-Cijfers-7",
        "name": "Buurtvrouwen Malberg",
        "kind": "informal",
        "kvk_number": "",
        "city": "Maastricht",
        "description": "Ontmoeting voor vrouwen uit Malberg.",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_registration_creates_account_request_and_contact_membership(client):
    response = client.post("/aanmelden/", registration())

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Buurtvrouwen Malberg")
    assert organisation.status == Organisation.Status.REQUESTED
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user.username == "fatima"
    assert membership.role == Membership.Role.CONTACT
    assert client.get("/organisaties/").context["page"].paginator.count == 0
    assert "gemeente" in client.get("/portaal/").content.decode()


def test_approval_publishes_the_organisation_and_mails_the_contact(
    client, django_capture_on_commit_callbacks
):
    client.post("/aanmelden/", registration())
    organisation = Organisation.objects.get(name="Buurtvrouwen Malberg")
    officer = UserFactory(roles=["beleidsmedewerker"])

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(organisation=organisation, by=officer)

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.verified_by == officer
    assert [m.to for m in mail.outbox] == [["fatima@example.org"]]
    assert client.get("/organisaties/").context["page"].paginator.count == 1


def test_rejection_keeps_the_organisation_out_of_the_directory(client):
    client.post("/aanmelden/", registration())
    organisation = Organisation.objects.get(name="Buurtvrouwen Malberg")

    services.reject_registration(organisation=organisation, by=UserFactory())

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    assert client.get("/organisaties/").context["page"].paginator.count == 0


def test_duplicate_kvk_number_points_to_the_existing_organisation(client):
    existing = OrganisationFactory(name="Humanitas", kvk_number="40123456")

    response = client.post("/aanmelden/", registration(kvk_number="40123456"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{existing.get_absolute_url()}">Humanitas</a>' in html
    assert "KvK-nummer" in html
    assert not get_user_model().objects.filter(username="fatima").exists()


def test_duplicate_name_in_other_case_points_to_the_existing_organisation(client):
    OrganisationFactory(name="Stichting Argus Buurtnetwerk", is_public=False)

    response = client.post("/aanmelden/", registration(name="stichting argus buurtnetwerk"))

    html = response.content.decode()
    assert "Stichting Argus Buurtnetwerk" in html
    assert Organisation.objects.count() == 1


def test_bad_input_saves_nothing(client):
    response = client.post(
        "/aanmelden/", registration(kvk_number="12ab5678", password2="anders", postcode="0123 AB")
    )

    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    assert not Organisation.objects.exists()


def test_weak_password_is_refused(client):
    response = client.post("/aanmelden/", registration(password1="12345678", password2="12345678"))

    assert response.status_code == 200
    assert not get_user_model().objects.exists()


def test_policy_officer_verifies_in_bulk_in_the_admin(client, roles):
    requests = [OrganisationFactory(status=Organisation.Status.REQUESTED) for _ in range(3)]
    officer = UserFactory(is_staff=True, roles=["beleidsmedewerker"])
    client.force_login(officer)

    response = client.post(
        "/admin/initiatives/organisation/",
        {"action": "verify_selected", "_selected_action": [o.pk for o in requests]},
    )

    assert response.status_code == 302
    assert set(Organisation.objects.values_list("status", flat=True)) == {Organisation.Status.VERIFIED}
    assert set(Organisation.objects.values_list("verified_by", flat=True)) == {officer.pk}


def test_assessor_cannot_verify_organisations_in_the_admin(client, roles):
    request = OrganisationFactory(status=Organisation.Status.REQUESTED)
    client.force_login(UserFactory(is_staff=True, roles=["beoordelaar"]))

    response = client.post(
        "/admin/initiatives/organisation/", {"action": "verify_selected", "_selected_action": [request.pk]}
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == Organisation.Status.REQUESTED


def test_one_connection_cannot_probe_user_names_without_end(client, settings):
    """Each attempt says whether a name is taken, so a connection gets a limited number of attempts an hour."""
    from initiatives.views import REGISTRATIONS_PER_HOUR

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    }
    for n in range(REGISTRATIONS_PER_HOUR):
        client.post("/aanmelden/", registration(username=f"probe{n}", password2="anders"))

    UserFactory(username="bestaat-al")
    response = client.post("/aanmelden/", registration(username="bestaat-al"))

    assert response.status_code == 429
    assert "al in gebruik" not in response.content.decode()  # says nothing about the name
    response = client.post("/aanmelden/", registration(username="bram-probe"))
    assert "Te veel" in response.content.decode() or "Too many" in response.content.decode()
    assert 'value="bram-probe"' in response.content.decode()  # what was typed is kept
    assert not get_user_model().objects.filter(username="bram-probe").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL and separate connections")
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_user_name_at_the_same_moment_give_the_second_a_form_error(monkeypatch):
    """Both pass the form's check that the name is free before either is saved: the database decides, and the
    second person reads the same words as for any taken name (nothing that tells an attacker more)."""
    from initiatives.forms import RegistrationForm

    both_checked = threading.Barrier(2, timeout=30)
    check_name = RegistrationForm.clean_username

    def clean_username_then_wait(form):
        username = check_name(form)
        both_checked.wait()  # neither is saved before both found the name free
        return username

    monkeypatch.setattr(RegistrationForm, "clean_username", clean_username_then_wait)
    responses, errors = [], []

    def register(n: int):
        try:
            data = registration(
                username="fatima", contact_email=f"fatima{n}@example.org", name=f"Buurtvrouwen {n}"
            )
            responses.append(Client().post("/aanmelden/", data))
        except Exception as error:  # a 500: the test client raises what the view raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].errors["username"] == [
        "Deze gebruikersnaam is al in gebruik; kies een andere."
    ]
    assert 'value="Buurtvrouwen' in refused.content.decode()  # what was typed is kept
    assert get_user_model().objects.filter(username="fatima").count() == 1
    assert Organisation.objects.count() == 1  # nothing half-saved for the second


def test_a_registration_without_a_name_says_so_in_words_and_links_to_the_field(client):
    response = client.post("/aanmelden/", registration(name="", kind=""))

    html = response.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert (
        '<a class="utrecht-link" href="#id_name" data-error-link>Vul de naam van uw organisatie in.</a>'
        in summary
    )
    assert "Kies een antwoord bij" in summary  # the kind of organisation, named
    assert "Dit veld is verplicht" not in html
    assert 'value="Fatima"' in html  # what was typed stays
    assert not Organisation.objects.exists()
