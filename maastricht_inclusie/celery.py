"""The Celery app, configured from Django's settings (CELERY_* names), and the retry policies of its tasks."""

import os
import smtplib

from celery import Celery
from django.db import DatabaseError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maastricht_inclusie.settings")

app = Celery("maastricht_inclusie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A scheduled task that fails as a whole (database or mail server away) is tried again with backoff;
# the reminder rows make a retry send nothing twice.
SCHEDULED_RETRY = {
    "autoretry_for": (DatabaseError, smtplib.SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 5,
}

# Mail after a change: queued after the commit, retried with exponential backoff (1, 2, 4 … minutes, at most
# 30 between tries, about a day in all) while the mail server is unreachable. Countdowns stay far below
# the broker's visibility timeout (an hour), so a waiting retry is never delivered twice.
MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 50,
}
