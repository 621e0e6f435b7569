"""The round's assessment panel, kept by the policy officer: who is assigned, who declared a conflict, who is free."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires

from .. import queries, services
from ..models import Round
from ..panel_forms import PanelAssignForm, PanelReassignForm
from ..permissions import is_policy_officer
from ..services import panel

officer_required = requires(is_policy_officer)


def _panel_page(request, round_: Round, form=None):
    people, rows = queries.round_panel(round_, settings.MINIMUM_ASSESSORS)
    return render(
        request,
        "tenders/staff/round_panel.html",
        {
            "round": round_,
            "people": people,
            "rows": rows,
            "form": form,
            "minimum": settings.MINIMUM_ASSESSORS,
        },
        status=400 if form is not None else 200,
    )


@officer_required
def round_panel(request, pk):
    return _panel_page(request, get_object_or_404(Round.objects.select_related("programme"), pk=pk))


@officer_required
@require_POST
def assign(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    form = PanelAssignForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            services.assign_assessor(
                application=form.cleaned_data["application"],
                assessor=form.cleaned_data["assessor"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessor assigned."))
            return redirect("staff:round_panel", round_.pk)
    return _panel_page(request, round_, form)


@officer_required
@require_POST
def reassign(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    form = PanelReassignForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            panel.reassign_assessor(
                assessment=form.cleaned_data["assessment"],
                assessor=form.cleaned_data["assessor"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment is given to another assessor."))
            return redirect("staff:round_panel", round_.pk)
    return _panel_page(request, round_, form)
