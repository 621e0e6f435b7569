"""Reclaims (terugvorderingen) for the policy officer: the open ones, and recording each as paid or written off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import requires
from maastricht_inclusie.money import euro

from .. import services
from ..models import Reclaim
from ..permissions import is_policy_officer
from ..reclaim_forms import ReclaimPaidForm, WriteOffForm

officer_required = requires(is_policy_officer)


@officer_required
def reclaims(request):
    """Open reclaims, the earliest due first; the closed ones of the last while below them."""
    rows = Reclaim.objects.select_related("application__organisation").order_by("due_on", "pk")
    return render(
        request,
        "tenders/staff/reclaims.html",
        {
            "open": rows.filter(status=Reclaim.Status.OPEN),
            "closed": rows.exclude(status=Reclaim.Status.OPEN).order_by("-closed_at")[:50],
            "today": timezone.localdate(),
        },
    )


def _confirm(request, reclaim: Reclaim, form, action: str):
    return render(
        request,
        "tenders/staff/reclaim_confirm.html",
        {"reclaim": reclaim, "form": form, "action": action, "cancel_url": reverse("staff:reclaims")},
    )


@officer_required
def record_paid(request, pk):
    """Asks first what was received and when (GET); its POST books the money received in the ledger."""
    reclaim = get_object_or_404(Reclaim.objects.select_related("application__organisation"), pk=pk)
    form = ReclaimPaidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_reclaim_paid(
                reclaim=reclaim, received_on=form.cleaned_data["received_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(amount)s received back and booked.") % {"amount": euro(reclaim.amount)}
            )
            return redirect("staff:reclaims")
    return _confirm(request, reclaim, form, "paid")


@officer_required
def write_off(request, pk):
    """Asks first for the reason (GET); its POST writes the reclaim off."""
    reclaim = get_object_or_404(Reclaim.objects.select_related("application__organisation"), pk=pk)
    form = WriteOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_off_reclaim(reclaim=reclaim, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The reclaim of %(amount)s is written off.") % {"amount": euro(reclaim.amount)}
            )
            return redirect("staff:reclaims")
    return _confirm(request, reclaim, form, "write_off")
