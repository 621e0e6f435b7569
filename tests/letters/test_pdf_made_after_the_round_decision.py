"""Issue 22: the round decision stores every letter's HTML in the deciding transaction and leaves making the PDFs
to the worker after the commit. The letter is still fixed at the decision: its PDF is made from the stored HTML
only, once, before it is sent or first downloaded, whatever changed in the meantime."""

import email
import hashlib
import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from kombu.exceptions import OperationalError

from initiatives.models import Organisation
from letters import services as letters
from letters.models import Letter
from outbox import services as outbox
from outbox.models import Message
from tenders import services
from tenders.letters import letter_of
from tenders.models import Decision
from tests.factories import CriterionFactory, MembershipFactory, RoundFactory, assessed_application, closed
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
MAKE = "letters.tasks.make_letter_pdf"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def round_(officer):
    """A closed tender round with three assessed applications: two fit the ceiling, the third does not."""
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criterion = CriterionFactory(round=round_)
    for score, name in ((9, "Stichting Eerste"), (8, "Stichting Tweede"), (7, "Stichting Derde")):
        application = assessed_application(
            round=round_, criteria=[criterion], officer=officer, scores=(score, score),
            requested_amount=Decimal("10000"), organisation__name=name,
        )  # fmt: skip
        MembershipFactory(
            organisation=application.organisation, role="contact", user__email=f"{score}@voorbeeld.nl"
        )
    return closed(round_)


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to redis")


def _letters(decisions) -> list[Letter]:
    return [Letter.objects.get(pk=letter_of(decision).pk) for decision in decisions]


def test_the_round_decision_stores_each_letters_html_and_leaves_the_pdf_to_the_worker(officer, round_):
    decisions = services.decide_round(round_=round_, by=officer)

    issued = _letters(decisions)
    assert len(issued) == 3
    for decision, letter in zip(decisions, issued, strict=True):
        assert decision.application.organisation.name in letter.html
        assert not letter.has_pdf and not letter.file and letter.size is None
    assert Message.objects.filter(task=MAKE).count() == 3


def test_after_the_commit_the_worker_makes_each_pdf_naming_the_amount_and_the_organisation(
    officer, round_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decisions = services.decide_round(round_=round_, by=officer)

    for decision, letter in zip(decisions, _letters(decisions), strict=True):
        data = letter.file.read()
        assert (
            letter.has_pdf and hashlib.sha256(data).hexdigest() == letter.sha256 and letter.size == len(data)
        )
        text = pdf_text(data)
        assert decision.application.organisation.name in text
        if decision.granted_amount:
            assert "10.000,00" in text
    assert not Message.objects.filter(task=MAKE, delivered_at__isnull=True).exists()


def test_a_change_after_the_decision_but_before_the_pdf_is_made_does_not_change_the_letter(officer, round_):
    decisions = services.decide_round(round_=round_, by=officer)
    decision = next(d for d in decisions if d.granted_amount)
    Organisation.objects.filter(pk=decision.application.organisation_id).update(name="Stichting Nieuwe Naam")
    Decision.objects.filter(pk=decision.pk).update(
        granted_amount=Decimal("4321"), reasons="Een andere motivering."
    )

    letter = letters.make_pdf(letter_id=letter_of(decision).pk)

    text = pdf_text(letter.file.read())
    assert decision.application.organisation.name in text and "Nieuwe Naam" not in text
    assert "10.000,00" in text and "4.321" not in text and "andere motivering" not in text


def test_making_the_pdf_twice_leaves_the_same_bytes_and_hash(officer, round_):
    [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))

    first = letters.make_pdf(letter_id=letter.pk)
    data = first.file.read()
    again = letters.make_pdf(letter_id=letter.pk)

    assert (again.sha256, again.file.name) == (first.sha256, first.file.name)
    assert again.file.read() == data and hashlib.sha256(data).hexdigest() == first.sha256


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_the_worker_and_a_download_at_the_same_moment_make_the_pdf_once(officer, round_, monkeypatch):
    with monkeypatch.context() as patch:  # committed for real: keep the worker from making it at the commit
        patch.setattr("outbox.tasks.deliver.delay", _broker_down)
        [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))
    assert not letter.has_pdf
    made, failures = [], []
    real = letters.html_to_pdf

    def slow(html):
        made.append(html)
        time.sleep(0.3)  # long enough for the other one to wait on the row lock
        return real(html)

    monkeypatch.setattr("letters.services.html_to_pdf", slow)

    def attempt():
        try:
            letters.make_pdf(letter_id=letter.pk)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == [] and len(made) == 1
    letter.refresh_from_db()
    assert hashlib.sha256(letter.file.read()).hexdigest() == letter.sha256


def test_the_database_refuses_to_change_a_letter_once_its_pdf_is_made(officer, round_):
    [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(html="<p>Iets anders</p>")
    letter = letters.make_pdf(letter_id=letter.pk)

    for change in ({"sha256": "0" * 64}, {"file": "letters/elders.pdf"}, {"size": 1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Letter.objects.filter(pk=letter.pk).update(**change)
    Letter.objects.filter(pk=letter.pk).update(
        sent_at=letter.issued_at
    )  # the record of its sending may change


def test_sending_a_delivery_whose_pdf_is_not_made_yet_makes_it_first_and_attaches_it(officer, round_, smtp):
    [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))
    delivery = letter.deliveries.get()

    with transaction.atomic():
        assert letters.send(delivery.pk)

    letter.refresh_from_db()
    assert letter.has_pdf
    [envelope] = smtp.envelopes
    message = email.message_from_bytes(envelope.content)
    [attachment] = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_payload(decode=True) == letter.file.read()


def test_a_member_downloads_a_letter_before_the_worker_made_its_pdf(client, officer, round_):
    [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))
    member = letter.organisation.memberships.filter(role="contact").get().user
    client.force_login(member)

    listed = client.get(reverse("portal:letters"))
    response = client.get(reverse("portal:letter", args=[letter.pk]))

    assert listed.status_code == 200 and letter.reference in listed.content.decode()
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and letter.organisation.name in pdf_text(response.content)
    letter.refresh_from_db()
    assert hashlib.sha256(response.content).hexdigest() == letter.sha256


def test_a_download_while_the_pdf_cannot_be_made_says_try_later_and_nothing_is_stored(
    client, officer, round_, monkeypatch
):
    [letter, *_] = _letters(services.decide_round(round_=round_, by=officer))
    client.force_login(letter.organisation.memberships.filter(role="contact").get().user)

    def broken(html):
        raise RuntimeError("WeasyPrint could not load a font")

    monkeypatch.setattr("letters.services.html_to_pdf", broken)
    response = client.get(reverse("portal:letter", args=[letter.pk]))

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert letter.reference in response.content.decode()
    letter.refresh_from_db()
    assert not letter.sha256 and not letter.file
    monkeypatch.undo()
    assert client.get(reverse("portal:letter", args=[letter.pk])).content.startswith(b"%PDF")


def test_with_the_broker_down_the_round_is_decided_and_the_outbox_makes_the_pdf_later(
    officer, round_, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patch:
        patch.setattr("outbox.tasks.deliver.delay", _broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            decisions = services.decide_round(round_=round_, by=officer)
    assert len(decisions) == 3 and not any(letter.has_pdf for letter in _letters(decisions))

    # The beat hands the waiting messages to the worker again once the broker is back.
    for message in Message.objects.filter(task=MAKE, delivered_at__isnull=True):
        outbox.run(message.pk)

    assert all(letter.has_pdf for letter in _letters(decisions))


def test_a_single_decision_still_has_its_pdf_at_once(officer):
    application = assessed_application(requested_amount=Decimal("10000"))
    closed(application.round)

    decision = services.decide(
        application=application, outcome=Decision.Outcome.GRANTED, amount=Decimal("10000"),
        reasons="Past goed binnen de regeling.", by=officer,
    )  # fmt: skip

    letter = letter_of(decision)
    assert letter.has_pdf and letter.html and application.organisation.name in pdf_text(letter.file.read())
    assert not Message.objects.filter(task=MAKE).exists()
