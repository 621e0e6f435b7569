"""An organisation's bank account: validated with schwifty, verified by an officer before any payment to it,
audit-logged, and mailed to the other members when it changes."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import Organisation
from tenders import services as tenders
from tenders.models import Decision, Payment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, assessed_application, closed

pytestmark = pytest.mark.django_db
VALID = "NL91ABNA0417164300"


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, user__email="penningmeester@example.org").user


def post_account(client, organisation, iban, holder="Stichting Voorbeeld"):
    url = reverse("portal:organisation_bank_account", args=[organisation.pk])
    return client.post(url, {"iban": iban, "account_holder": holder})


def test_a_member_records_an_iban_which_is_stored_compact_and_waits_for_verification(
    client, organisation, member, django_capture_on_commit_callbacks
):
    other = MembershipFactory(organisation=organisation, user__email="voorzitter@example.org").user
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_account(client, organisation, "nl91 abna 0417 1643 00")

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.iban, organisation.iban_verified_at, organisation.iban_changed_by) == (
        VALID,
        None,
        member,
    )
    assert not organisation.has_verified_iban
    assert [m.to for m in mail.outbox] == [[other.email]]  # the other members, not the one who changed it
    assert "4300" in mail.outbox[0].body and VALID not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("iban", "error"),
    [
        ("NL91ABNA0417164301", "geen geldig IBAN"),  # checksum
        ("NL64XXXX0123456789", "XXXX"),  # valid checksum, no Dutch bank with this code
        ("12345", "geen geldig IBAN"),
    ],
)
def test_a_wrong_iban_is_refused_beside_the_field_with_what_was_typed_kept(
    client, organisation, member, iban, error
):
    before = organisation.iban
    client.force_login(member)

    response = post_account(client, organisation, iban)

    assert response.status_code == 200
    assert error in str(response.context["form"].errors["iban"])
    assert f'value="{iban}"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.iban == before and organisation.has_verified_iban


def test_a_member_of_another_organisation_cannot_change_the_account(client, organisation):
    outsider = MembershipFactory(organisation=OrganisationFactory()).user
    client.force_login(outsider)

    response = post_account(client, organisation, VALID)

    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.iban != VALID and organisation.has_verified_iban


def test_no_advance_is_paid_to_a_changed_account_until_another_officer_verifies_it(officer, member):
    application = assessed_application(requested_amount=Decimal("10000"))
    closed(application.round)  # a tender round is decided after it closes
    MembershipFactory(organisation=application.organisation, user=member)
    tenders.decide(application=application, outcome=Decision.Outcome.GRANTED, amount=Decimal("10000"),
                   reasons="Goed plan.", by=officer)  # fmt: skip
    services.change_bank_account(
        organisation=application.organisation, iban=VALID, account_holder="X", by=member
    )

    with pytest.raises(ValidationError, match="IBAN"):
        tenders.pay_advance(application=application, by=officer)
    assert not Payment.objects.exists()

    services.verify_bank_account(organisation=application.organisation, iban=VALID, by=officer)
    payment = tenders.pay_advance(application=application, by=officer)
    assert payment.amount == Decimal("8000")


def test_the_officer_who_changed_the_account_cannot_verify_it(officer):
    organisation = OrganisationFactory()
    services.change_bank_account(organisation=organisation, iban=VALID, account_holder="X", by=officer)

    with pytest.raises(ValidationError):
        services.verify_bank_account(organisation=organisation, iban=VALID, by=officer)

    organisation.refresh_from_db()
    assert organisation.iban_verified_at is None


def test_an_account_changed_after_the_officer_looked_is_not_verified(officer_client, organisation, member):
    services.change_bank_account(organisation=organisation, iban=VALID, account_holder="X", by=member)
    seen = officer_client.get(reverse("staff:bank_accounts"))
    assert VALID in seen.content.decode()
    services.change_bank_account(
        organisation=organisation, iban="NL02ABNA0123456789", account_holder="X", by=member
    )

    response = officer_client.post(
        reverse("staff:bank_account_verify", args=[organisation.pk]), {"iban": VALID}
    )

    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.iban_verified_at is None


def test_the_officer_verifies_on_the_staff_page(officer_client, officer, organisation, member):
    services.change_bank_account(organisation=organisation, iban=VALID, account_holder="X", by=member)

    response = officer_client.post(
        reverse("staff:bank_account_verify", args=[organisation.pk]), {"iban": VALID}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.has_verified_iban, organisation.iban_verified_by) == (True, officer)
    assert organisation not in officer_client.get(reverse("staff:bank_accounts")).context["accounts"]


def test_an_assessor_cannot_verify_an_account(client, organisation, member):
    services.change_bank_account(organisation=organisation, iban=VALID, account_holder="X", by=member)
    client.force_login(UserFactory(roles=["beoordelaar"]))

    client.post(reverse("staff:bank_account_verify", args=[organisation.pk]), {"iban": VALID})

    organisation.refresh_from_db()
    assert organisation.iban_verified_at is None


def test_the_change_and_the_verification_are_in_the_audit_log(client, officer, organisation, member):
    client.force_login(member)
    post_account(client, organisation, VALID)
    services.verify_bank_account(organisation=organisation, iban=VALID, by=officer)

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_pk=str(organisation.pk)
    ).order_by("timestamp")
    changed = [e for e in entries if e.action == LogEntry.Action.UPDATE and "iban" in e.changes_dict]
    assert changed and changed[0].changes_dict["iban"][1] == VALID
    assert changed[0].actor == member
    assert any("iban_verified_at" in e.changes_dict for e in entries)
