"""The assessor's pages: my assessments, scoring with motivations, declaring a conflict of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms import ConflictForm, ScoreForm
from ..models import Application
from ..permissions import assessments_of, is_assessor

ASSESSMENTS_PAGE_SIZE = 50


def _assessment(request, pk):
    if not is_assessor(request.user):
        raise PermissionDenied
    return get_object_or_404(
        assessments_of(request.user).select_related("application__round", "application__organisation"), pk=pk
    )


@login_required
def my_assessments(request):
    if not is_assessor(request.user):
        raise PermissionDenied
    # A page at a time: an assessor's assessments of every round add up (at scale 10 of the benchmark, thousands).
    page = Paginator(queries.assessments_for(request.user), ASSESSMENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "tenders/assessor/list.html", {"assessments": page, "page": page})


def _assess_page(request, assessment, form=None, conflict_form=None):
    """The scoring page; a form given here (a failed save or declaration) shows again with its errors."""
    if form is None:
        criteria, scores = queries.assessment_page(assessment)
        form = ScoreForm(criteria=criteria, scores=scores)
    application = queries.application_detail(Application.objects.filter(pk=assessment.application_id)).get()
    return render(
        request,
        "tenders/assessor/assess.html",
        {
            "assessment": assessment,
            "application": application,
            "form": form,
            "conflict_form": conflict_form or ConflictForm(),
        },
    )


@login_required
def assess(request, pk):
    assessment = _assessment(request, pk)
    criteria, scores = queries.assessment_page(assessment)
    form = ScoreForm(request.POST or None, criteria=criteria, scores=scores)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_scores(assessment=assessment, scores=form.scores(), submit=submit)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Assessment submitted.") if submit else _("Scores saved as a draft."))
            return redirect(
                "assessment:list" if submit else "assessment:assess", *([] if submit else [assessment.pk])
            )
    return _assess_page(request, assessment, form)


@login_required
@require_POST
def declare_conflict(request, pk):
    assessment = _assessment(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(assessment=assessment, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. The application goes to another assessor; you no longer see it.")
            )
            return redirect("assessment:list")
    return _assess_page(request, _assessment(request, pk), conflict_form=form)
