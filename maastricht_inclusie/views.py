"""Base views: home, the accessibility statement and the health check."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from initiatives.queries import memberships_of
from tenders.permissions import applications_of
from tenders.queries import portal_applications

from .models import Reminder, User

logger = logging.getLogger(__name__)


@login_required
def portal_home(request):
    """The member's start page: their organisations, initiatives and applications."""
    return render(
        request,
        "portal/home.html",
        {
            "memberships": memberships_of(request.user),
            "applications": portal_applications(applications_of(request.user)),
        },
    )


def home(request):
    return render(request, "home.html")


def accessibility_statement(request):
    return render(request, "accessibility.html")


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
    """Database and broker status as JSON: 200 when healthy, 503 when something is down."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(value != "unavailable" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "email", "language", "reminder_delivery"]
        widgets = {"reminder_delivery": forms.RadioSelect}


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    form.fields["reminder_delivery"].choices = [
        ("", _("the default (a daily digest for municipal staff, otherwise immediately)")),
        *User.ReminderDelivery.choices,
    ]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("portal:profile")
    return render(request, "portal/profile.html", {"form": form})


@login_required
def my_reminders(request):
    return render(
        request, "portal/reminders.html", {"reminders": Reminder.objects.filter(recipient=request.user)[:100]}
    )


@login_required
def extend_session(request):
    """Staff extend their session before it expires (WCAG 2.2.1); the middleware resets the idle timer."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.method == "POST":
        request.session.modified = True
        messages.success(request, _("Your session is extended."))
    return redirect(target)
