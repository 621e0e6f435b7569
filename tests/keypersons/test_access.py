"""Need-to-know: only the director and network staff reach /netwerk/; staff cannot export or erase."""

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from keypersons.models import AccessLog
from tests.factories import (
    ContactMomentFactory,
    MembershipFactory,
    NetworkFactory,
    PartnerFactory,
    SignalFactory,
    UserFactory,
    consented,
)

READ_ONLY_FOR_STAFF = {
    "person_export", "person_erase", "person_create", "person_edit", "register", "dpia", "access_log", "roles",
    "role_remove", "person_rights", "rights_copy", "retention_review", "information_text_edit", "person_informed",
}  # fmt: skip
# Only the director, and only by POST: the rights of a key person and the retention review.
DIRECTOR_POST_ONLY = {
    "person_access_copy", "person_rectify", "person_restrict", "person_lift_restriction", "person_objection",
    "retention_keep",
}  # fmt: skip
POST_ONLY = {
    "person_consent", "person_withdraw", "person_tie", "person_action", "tie_remove", "signal_transition",
    "signal_escalate", "signal_action", "action_done", "action_cancel", "escalation_feedback", "role_remove", "information_text_edit",
    "person_informed",
    *DIRECTOR_POST_ONLY,
}  # fmt: skip


def _network_urls(person, signal, moment):
    from keypersons import services
    from keypersons.models import Action, Tie

    tie = Tie.objects.create(key_person=person, network=NetworkFactory())
    action = Action.objects.create(signal=signal, owner=UserFactory(), due_on="2030-01-01", description="x")
    services.escalate_signal(
        signal=signal, partners=[PartnerFactory()], by=action.owner, note="Graag kijken."
    )
    copy = services.issue_access_copy(person=person, by=action.owner, received_on=timezone.localdate())
    person_urls = ("person_rights", "person_access_copy", "person_rectify", "person_restrict", "person_lift_restriction", "person_objection", "retention_keep")  # fmt: skip
    args = {
        **{name: [person.pk] for name in person_urls},
        "rights_copy": [copy.pk, "pdf"],
        "person_detail": [person.pk], "person_edit": [person.pk], "person_consent": [person.pk],
        "person_withdraw": [person.pk], "person_tie": [person.pk], "person_action": [person.pk],
        "person_export": [person.pk, "json"], "person_erase": [person.pk], "tie_remove": [tie.pk],
        "contact_detail": [moment.pk], "signal_detail": [signal.pk], "signal_transition": [signal.pk],
        "signal_escalate": [signal.pk], "signal_action": [signal.pk], "action_done": [action.pk], "action_cancel": [action.pk],
        "escalation_feedback": [signal.escalations.get().pk],
        "role_remove": [action.owner.pk, "netwerkmedewerker"], "information_text_pdf": [1],
        "person_informed": [person.pk],
    }  # fmt: skip
    names = get_resolver().namespace_dict["network"][1].reverse_dict.keys()
    names = sorted({n for n in names if isinstance(n, str)})
    return {name: reverse(f"network:{name}", args=args.get(name, [])) for name in names}


@pytest.fixture
def urls(db, roles, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    person = consented()
    signal = SignalFactory()
    moment = ContactMomentFactory(key_persons=[person])
    return _network_urls(person, signal, moment)


def test_the_network_has_the_urls_this_test_expects(urls):
    assert len(urls) == 47


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "assessor", "member", "superuser", "application_manager"])
def test_everyone_without_a_network_role_gets_403_even_a_superuser(client, urls, who):
    user = {
        "officer": lambda: UserFactory(roles=["beleidsmedewerker"], is_staff=True),
        "assessor": lambda: UserFactory(roles=["beoordelaar"]),
        "member": lambda: MembershipFactory().user,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "application_manager": lambda: UserFactory(roles=["functioneel-beheerder"], is_staff=True),
    }[who]()
    client.force_login(user)

    for name, url in urls.items():
        assert client.get(url).status_code == 403, name
        assert client.post(url).status_code == 403, name


@pytest.mark.django_db
def test_network_staff_read_everything_but_cannot_export_erase_or_change_people(client, urls, network_staff):
    client.force_login(network_staff)
    for name, url in urls.items():
        status = client.get(url).status_code
        if (
            name in READ_ONLY_FOR_STAFF
            or name in DIRECTOR_POST_ONLY
            or name
            in {
                "person_consent",
                "person_withdraw",
                "person_tie",
                "tie_remove",
            }
        ):
            assert status == 403, name
        elif name in POST_ONLY:
            assert status == 405, name
        else:
            assert status == 200, name


@pytest.mark.django_db
def test_the_director_reaches_every_page(client, urls, director):
    client.force_login(director)
    for name, url in urls.items():
        assert client.get(url).status_code == (405 if name in POST_ONLY else 200), name


@pytest.mark.django_db
def test_key_person_models_are_not_in_the_admin_for_a_superuser(client, roles):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    index = client.get(reverse("admin:index")).content.decode()

    assert "keypersons" not in index
    assert client.get(reverse("admin:keypersons_accesslog_changelist")).status_code == 403
    assert client.get(reverse("admin:keypersons_topic_changelist")).status_code == 403


@pytest.mark.django_db
def test_the_director_reads_the_access_log_in_the_admin_but_cannot_change_it(client, director):
    director.is_staff = True
    director.save()
    client.force_login(director)
    AccessLog.objects.create(user=director, what="view", object_type="keyperson", object_id=1)
    row = AccessLog.objects.get()

    assert client.get(reverse("admin:keypersons_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:keypersons_accesslog_add")).status_code == 403
    assert (
        client.post(reverse("admin:keypersons_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AccessLog.objects.filter(pk=row.pk).exists()
