"""The Celery app, configured from Django's settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maastricht_inclusie.settings")

app = Celery("maastricht_inclusie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
