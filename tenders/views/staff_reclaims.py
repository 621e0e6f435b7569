"""Reclaims (terugvorderingen) for the policy officer: the open ones, recording each as paid or written off, and
one reclaim's page with the objections against it (a reclaim is a decision of its own, Awb 4:57, 6:4)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from maastricht_inclusie.money import euro

from .. import letters, services
from ..models import Objection, Reclaim
from ..objection_forms import ReclaimObjectionForm
from ..permissions import is_policy_officer
from ..reclaim_forms import ReclaimPaidForm, WriteOffForm
from ..services.objections import objection_term_ends

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


def _reclaim(pk: int) -> Reclaim:
    return get_object_or_404(
        Reclaim.objects.select_related("application__organisation", "settlement", "on_objection"), pk=pk
    )


def _reclaim_page(request, reclaim: Reclaim, form=None):
    """The reclaim, its letter, what replaced it, the objections against it and the form to register one."""
    objectable = reclaim.status != Reclaim.Status.WITHDRAWN and not reclaim.on_objection_id
    context = {
        "reclaim": reclaim, "application": reclaim.application, "letter": letters.letter_of(reclaim),
        "objections": reclaim.objections.order_by("received_on", "pk"),
        "replacement": Reclaim.objects.filter(on_objection__reclaim=reclaim).first(),
        "refunds": reclaim.refunds.order_by("pk"), "term_ends": objection_term_ends(reclaim),
        "objection_form": (form or ReclaimObjectionForm()) if objectable else None,
    }  # fmt: skip
    return render(request, "tenders/staff/reclaim_detail.html", context, status=400 if form else 200)


@officer_required
def reclaim_detail(request, pk):
    return _reclaim_page(request, _reclaim(pk))


@officer_required
@require_POST
def register_objection(request, pk):
    """Register an objection against the reclaim: acknowledged by letter, or at once inadmissible when late."""
    reclaim = _reclaim(pk)
    form = ReclaimObjectionForm(request.POST)
    if form.is_valid():
        try:
            objection = services.register_objection(
                reclaim=reclaim, received_on=form.cleaned_data["received_on"], grounds=form.cleaned_data["grounds"],
                excused_delay=form.cleaned_data["excused_delay"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if objection.status == Objection.Status.INADMISSIBLE:
                messages.success(
                    request,
                    _(
                        "Objection registered and declared inadmissible: it came in after the objection period."
                    ),
                )
            else:
                messages.success(request, _("Objection registered."))
            return redirect("staff:objection", objection.pk)
    return _reclaim_page(request, reclaim, form)
