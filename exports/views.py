"""A user's own exports: ask for one, follow its progress, download it (only the requester, for 7 days)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .models import ExportJob


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
    if not services.can_request(request.user, kind):
        raise PermissionDenied
    try:
        job = services.request_export(
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
    # Someone else's export is a 404, not a 403: its existence is not revealed. So is one whose report the
    # user may no longer ask for (a role taken away): the right is checked again at every look.
    job = get_object_or_404(ExportJob, pk=pk, user=request.user, expires_at__gt=timezone.now())
    if not services.can_request(request.user, job.kind):
        raise Http404
    return job


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
            "resumed": job.was_resumed and not job.is_finished,
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
