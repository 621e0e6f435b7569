"""Base views: home, the accessibility statement, the health check, the profile and the user's own exports."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from initiatives.queries import memberships_of
from tenders.permissions import applications_of
from tenders.queries import portal_applications

from . import exports
from .middleware import restart_idle_timer
from .models import ExportJob, Reminder, User

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
        restart_idle_timer(request.session)
        messages.success(request, _("Your session is extended."))
    return redirect(target)


# -- background exports --------------------------------------------------------------------------


@login_required
def export_list(request):
    jobs = ExportJob.objects.filter(user=request.user, expires_at__gt=timezone.now())
    return render(request, "portal/exports.html", {"jobs": jobs})


@login_required
@require_POST
def export_create(request):
    """Ask for a report in the background. The parameters come as `param_<name>` fields of the form."""
    kind = request.POST.get("kind", "")
    params = {
        key.removeprefix("param_"): value for key, value in request.POST.items() if key.startswith("param_")
    }
    if not exports.can_request(request.user, kind):
        raise PermissionDenied
    try:
        job = exports.request_export(
            user=request.user, kind=kind, fmt=request.POST.get("format", ""), params=params
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")
        return redirect(
            back if url_has_allowed_host_and_scheme(back, {request.get_host()}) and back else "portal:exports"
        )
    messages.success(request, _("Your download is being prepared. You can leave this page; it stays in “My downloads” for 7 days."))  # fmt: skip
    return redirect("portal:export_detail", pk=job.pk)


def _own_job(request, pk) -> ExportJob:
    # Someone else's export is a 404, not a 403: its existence is not revealed.
    return get_object_or_404(ExportJob, pk=pk, user=request.user, expires_at__gt=timezone.now())


@login_required
def export_detail(request, pk):
    return render(request, "portal/export_detail.html", {"job": _own_job(request, pk)})


@login_required
@never_cache
def export_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": str(job.get_state_display()),
            "percent": job.percent,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "download": reverse("portal:export_download", args=[job.pk])
            if job.state == ExportJob.State.DONE
            else None,
        }
    )


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
