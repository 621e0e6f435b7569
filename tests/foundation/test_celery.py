"""The Celery wiring: a real task, eagerly without a broker and through a real worker with Redis."""

import os
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from maastricht_inclusie.celery import app


def make_sessions():
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    current = SessionStore()
    current["y"] = 2
    current.create()
    return expired.session_key, current.session_key


@pytest.mark.django_db
def test_clear_expired_sessions_removes_only_expired_ones():
    _expired, current = make_sessions()

    assert clear_expired_sessions() == 1

    assert list(Session.objects.values_list("pk", flat=True)) == [current]


def test_the_task_is_registered_and_scheduled(settings):
    assert "accounts.tasks.clear_expired_sessions" in app.tasks
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.clear_expired_sessions" in scheduled


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set in CI)")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task_through_redis():
    from celery.contrib.testing.worker import start_worker

    assert app.conf.task_always_eager is False
    expired, current = make_sessions()

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = clear_expired_sessions.delay()
        assert result.get(timeout=30) == 1

    assert not Session.objects.filter(pk=expired).exists()
    assert Session.objects.filter(pk=current).exists()
