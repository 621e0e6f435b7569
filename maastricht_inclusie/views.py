"""Base views: home, the accessibility and privacy statements, and the health check."""

import logging
from datetime import date

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


def favicon(request):
    """Browsers ask for /favicon.ico on every site whatever the page links; send them to the wordmark's icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def accessibility_statement(request):
    checked_on = date.fromisoformat(settings.ACCESSIBILITY_CHECKED_ON)
    return render(request, "accessibility.html", {"checked_on": checked_on})


def privacy_statement(request):
    """What the portal processes, why, how long, and whom to ask (AVG art. 13 and 14)."""
    return render(
        request,
        "privacy.html",
        {"controller": settings.PRIVACY_CONTROLLER, "dpo_contact": settings.PRIVACY_DPO_CONTACT},
    )


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "unavailable"
    return "ok"


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run eagerly)"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError:
        logger.exception("Health check: broker unreachable")
        return "unavailable"
    return "ok"


@never_cache
def healthz(request):
    """Database and broker status and the outbox's backlog as JSON; 503 only when the database is down.

    Without the broker (Redis) the portal still serves every page — the cache is skipped and background
    work waits — so a load balancer must keep sending traffic: the status is then "degraded".
    """
    checks = {"database": _database_status(), "broker": _broker_status()}
    if checks["database"] == "unavailable":
        status = "unavailable"
    else:
        status = "degraded" if checks["broker"] == "unavailable" else "ok"
        checks["outbox"] = _outbox_backlog()
    return JsonResponse({"status": status, **checks}, status=503 if status == "unavailable" else 200)


def _outbox_backlog() -> dict:
    # The outbox is a table: read it by name, so this shared view imports no app.
    from django.apps import apps
    from django.db.models import Count, Min

    waiting = apps.get_model("outbox", "Message").objects.filter(delivered_at__isnull=True)
    figures = waiting.aggregate(count=Count("pk"), oldest=Min("created_at"))
    return {
        "waiting": figures["count"],
        "oldest": figures["oldest"].isoformat() if figures["oldest"] else None,
    }
