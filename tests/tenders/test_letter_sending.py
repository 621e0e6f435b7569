"""Every decision letter is mailed with its PDF through the outbox: over a real SMTP server, with its status for the
officer, a resend, the sent date in the applicant's portal, and no error page while the broker is away."""

import email
import socket
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from kombu.exceptions import OperationalError

from letters.models import Delivery, Letter
from outbox.models import Message
from tests.factories import MembershipFactory, assessed_application, closed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # The letters' PDFs go to a folder of the test's own, not the checkout's private-media/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _free_port() -> int:
    """A port nothing listens on (a mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def application(db):
    application = assessed_application(requested_amount=Decimal("10000"))
    organisation = application.organisation
    organisation.email = "info@voorbeeld.nl"
    organisation.save()
    MembershipFactory(organisation=organisation, role="contact", user__email="contact@voorbeeld.nl")
    return application


def _decide(client, officer, application, capture):
    closed(application.round)  # a tender round is decided after it closes
    client.force_login(officer)
    with capture(execute=True):
        response = client.post(
            reverse("staff:application_decide", args=[application.pk]),
            {"outcome": "granted", "amount": "10.000,00", "reasons": "Past goed binnen de regeling."},
        )
    assert response.status_code == 302
    return Letter.objects.get(organisation=application.organisation)


def test_the_letter_is_mailed_over_smtp_to_the_contact_addresses_with_its_pdf(
    client, officer, application, smtp, django_capture_on_commit_callbacks
):
    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)

    [envelope] = smtp.envelopes
    assert sorted(envelope.rcpt_tos) == ["contact@voorbeeld.nl", "info@voorbeeld.nl"]
    message = email.message_from_bytes(envelope.content)
    [attachment] = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_payload(decode=True) == letter.file.read()
    assert attachment.get_filename() == letter.filename
    assert application.reference in message["Subject"]
    letter.refresh_from_db()
    delivery = letter.deliveries.get()
    assert letter.sent_at and delivery.sent_at == letter.sent_at and delivery.status == Delivery.Status.SENT


def test_a_failed_sending_shows_its_reason_to_the_officer_and_a_resend_delivers_it(
    client, officer, application, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2

    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)

    delivery = letter.deliveries.select_related("message").get()
    assert delivery.status == Delivery.Status.RETRYING and delivery.reason
    page = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    assert "mislukt, wordt opnieuw geprobeerd" in page and delivery.reason[:20] in page
    letter.refresh_from_db()
    assert letter.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:sent_letter_resend", args=[letter.pk]))

    assert response.status_code == 302
    assert [d.status for d in letter.deliveries.select_related("message")] == [Delivery.Status.RETRYING,
                                                                                 Delivery.Status.SENT]  # fmt: skip
    from django.core import mail

    assert mail.outbox[-1].attachments[0][1] == letter.file.read()


def test_deciding_and_resending_work_while_the_broker_is_down(client, officer, application, monkeypatch,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis")

    monkeypatch.setattr("outbox.tasks.deliver.delay", broker_down)

    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:sent_letter_resend", args=[letter.pk]))

    assert response.status_code == 302
    assert [d.status for d in letter.deliveries.all()] == [Delivery.Status.QUEUED, Delivery.Status.QUEUED]
    assert Message.objects.filter(task="letters.tasks.send_letter", delivered_at__isnull=True).count() == 2


def test_only_officers_resend_and_only_by_post(
    client, officer, application, django_capture_on_commit_callbacks
):
    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)
    member = application.organisation.memberships.filter(role="contact").get().user

    assert client.get(reverse("staff:sent_letter_resend", args=[letter.pk])).status_code == 405
    client.force_login(member)
    assert client.post(reverse("staff:sent_letter_resend", args=[letter.pk])).status_code == 403
    assert letter.deliveries.count() == 1


def test_the_applicants_portal_lists_every_letter_with_its_sent_date_and_only_their_own(
    client, officer, application, django_capture_on_commit_callbacks
):
    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    other = assessed_application().organisation.memberships.get().user
    member = application.organisation.memberships.filter(role="contact").get().user

    client.force_login(member)
    page = client.get(reverse("portal:letters"))
    assert page.status_code == 200 and list(page.context["letters"]) == [letter]
    assert (
        "Verlening" in page.content.decode()
        and letter.reference in page.content.decode()
        and "niet verzonden" not in page.content.decode()
    )
    assert client.get(reverse("portal:letter", args=[letter.pk])).content == letter.file.read()
    detail = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()
    assert f"aan u verzonden op {date_format(timezone.localtime(letter.sent_at), 'j F Y')}" in detail

    client.force_login(other)
    assert list(client.get(reverse("portal:letters")).context["letters"]) == []
    assert client.get(reverse("portal:letter", args=[letter.pk])).status_code == 404


def test_an_organisation_without_any_address_gets_a_failed_delivery_with_the_reason(
    client, officer, django_capture_on_commit_callbacks
):
    application = assessed_application()
    for membership in application.organisation.memberships.select_related("user"):
        membership.user.email = ""
        membership.user.save()

    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)

    delivery = letter.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED and "geen e-mailadres" in delivery.reason
    assert delivery.message is None


def test_a_letter_above_the_size_limit_is_sent_as_a_link_behind_the_login(
    client, officer, application, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core import mail

    monkeypatch.setattr("letters.services.ATTACH_UP_TO", 100)

    letter = _decide(client, officer, application, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.attachments == []
    assert f"/portaal/brieven/{letter.pk}/brief.pdf" in message.body and "te groot" in message.body
    letter.refresh_from_db()
    assert letter.sent_at is not None
