"""The outbox: work a change starts is written with the change, survives a broker outage and runs once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox import services as outbox
from outbox.models import Message
from outbox.tasks import deliver, redispatch_outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reset_mail(django_capture_on_commit_callbacks):
    UserFactory(username="bram", email="bram@example.org")

    def send(execute=True):
        with django_capture_on_commit_callbacks(execute=execute):
            return outbox.enqueue("accounts.tasks.send_password_reset", "bram@example.org", "nl")

    return send


def _broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(deliver, "delay", refuse)


def test_the_work_runs_after_the_commit_and_is_marked_done(reset_mail):
    message = reset_mail()

    message.refresh_from_db()
    assert message.delivered_at is not None
    assert [m.to for m in mail.outbox] == [["bram@example.org"]]


def test_a_change_that_rolls_back_leaves_no_work_behind(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("accounts.tasks.send_password_reset", "bram@example.org", "nl")
        raise RuntimeError("the change failed")

    assert not Message.objects.exists()


def test_while_the_broker_is_down_the_work_waits_and_is_done_once_it_is_back(reset_mail, monkeypatch):
    _broker_down(monkeypatch)
    message = reset_mail()
    assert mail.outbox == [] and Message.objects.get().delivered_at is None

    monkeypatch.undo()
    assert redispatch_outbox() == 0  # its pause is not over yet
    Message.objects.filter(pk=message.pk).update(dispatched_at=timezone.now() - timedelta(minutes=5))
    assert redispatch_outbox() == 1

    assert Message.objects.get().delivered_at is not None
    assert len(mail.outbox) == 1
    assert redispatch_outbox() == 0 and len(mail.outbox) == 1  # nothing twice


def test_a_message_handed_over_twice_runs_once(reset_mail):
    message = reset_mail()

    assert outbox.run(message.pk) is False
    assert len(mail.outbox) == 1


def test_a_failing_task_is_recorded_and_tried_again_later(reset_mail, monkeypatch):
    from accounts import tasks

    def fail(*args):
        raise OSError("mail server away")

    monkeypatch.setattr(tasks.send_password_reset, "run", fail)
    message = reset_mail()
    message.refresh_from_db()
    assert (message.delivered_at, message.failures, message.last_error) == (None, 1, "mail server away")

    monkeypatch.undo()
    Message.objects.filter(pk=message.pk).update(dispatched_at=timezone.now() - timedelta(hours=2))
    redispatch_outbox()
    assert Message.objects.get().delivered_at is not None


def test_an_unknown_task_is_refused_when_it_is_written():
    with pytest.raises(ValueError, match="Unknown task"):
        outbox.enqueue("accounts.tasks.no_such_task")


def test_healthz_reports_the_waiting_work(client, reset_mail, monkeypatch):
    _broker_down(monkeypatch)
    reset_mail()

    body = client.get("/healthz").json()

    assert body["outbox"]["waiting"] == 1 and body["outbox"]["oldest"]


def test_a_message_that_keeps_failing_is_given_up_and_done_ones_are_removed_after_a_month(
    reset_mail, monkeypatch
):
    _broker_down(monkeypatch)
    given_up = reset_mail()
    Message.objects.filter(pk=given_up.pk).update(failures=outbox.MAX_FAILURES, dispatched_at=None)
    monkeypatch.undo()
    done = reset_mail()
    Message.objects.filter(pk=done.pk).update(
        delivered_at=timezone.now() - outbox.KEEP_DONE_FOR - timedelta(days=1)
    )

    assert redispatch_outbox() == 0

    assert not Message.objects.filter(pk=done.pk).exists()
    assert Message.objects.get(pk=given_up.pk).delivered_at is None
