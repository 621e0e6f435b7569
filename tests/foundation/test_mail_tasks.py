"""Mail after a change goes through a Celery task that retries while the mail server is away."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from maastricht_inclusie.celery import MAIL_RETRY
from tenders import services
from tenders.tasks import send_submission_confirmation
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_confirmation_is_queued_after_commit_and_sent(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = services.submit(
            application=application, by=application.created_by, declared_truthful=True
        )
    assert mail.outbox == []  # nothing before the commit

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject


@pytest.fixture
def _eager_retries():
    # Applied in the test, a retry runs at once instead of after its backoff; it must not propagate.
    from maastricht_inclusie.celery import app

    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = propagates


@pytest.mark.usefixtures("_eager_retries")
def test_a_failing_mail_server_is_retried_until_it_answers():
    application = ApplicationFactory()
    services.submit(application=application, by=application.created_by, declared_truthful=True)
    real_send = mail.get_connection().send_messages
    calls = {"n": 0}

    def flaky(messages):
        calls["n"] += 1
        if calls["n"] < 3:
            raise smtplib.SMTPServerDisconnected("down")
        return real_send(messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=flaky):
        # In a worker each retry waits (backoff); applied here, the retries follow at once.
        result = send_submission_confirmation.apply(args=[application.pk], throw=False)

    assert result.successful()

    assert calls["n"] == 3
    assert len(mail.outbox) == 1


def test_retries_back_off_and_stay_below_the_visibility_timeout(settings):
    assert MAIL_RETRY["retry_backoff"] and MAIL_RETRY["retry_backoff_max"] < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]  # fmt: skip
    assert smtplib.SMTPException in MAIL_RETRY["autoretry_for"]


def test_every_scheduled_task_retries_with_backoff_when_it_fails_as_a_whole(settings):
    from maastricht_inclusie.celery import app

    app.loader.import_default_modules()  # the apps' tasks modules, also when this test runs alone
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = app.tasks[entry["task"]]
        if entry["task"].endswith(
            (
                "clear_expired_sessions",
                "delete_expired_exports",
                "remove_expired_profiles",
                "requeue_stalled_exports",
                "redispatch_outbox",
                "forget_old_login_failures",
            )
        ):
            continue  # housekeeping: the next run (a day, an hour, or for the sweepers a minute, later) does the same
        assert task.autoretry_for and task.retry_backoff, entry["task"]
        assert task.retry_backoff_max < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
