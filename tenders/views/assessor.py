"""The assessor's pages: my assessments, scoring with motivations, declaring a conflict of interest."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maastricht_inclusie import content_cache, data_version
from maastricht_inclusie.caching import PAGE_NUMBER, cached

from .. import assessor_queries, queries, services
from ..forms import ConflictForm, ScoreForm
from ..models import Application
from ..permissions import assessments_of, is_assessor


def _assessment(request, pk):
    if not is_assessor(request.user):
        raise PermissionDenied
    return get_object_or_404(
        assessments_of(request.user).select_related("application__round", "application__organisation"), pk=pk
    )


# What the lists show: the assignments, the applications and their rounds, the organisations' names.
READS = ("registry", "tenders", "assessment")


def _round_filter(request, list_name: str, version: str | None) -> dict:
    """The assessor's rounds (cached with the list, under the same versions) and the one chosen in the query
    string (`?ronde=`, one of the assessor's own or none), for both lists."""
    user = request.user
    rounds = (
        cached(f"assessor-rounds:{user.pk}", lambda: assessor_queries.assessor_rounds(user), version=version)
        if version
        else assessor_queries.assessor_rounds(user)
    )
    chosen = assessor_queries.chosen_round(request.GET.get("ronde"), rounds)
    return {
        "rounds": rounds,
        "chosen_round": chosen,
        "query": f"ronde={chosen.pk}" if chosen else "",
        "list_url": reverse(list_name),
    }


def _page(request, name: str, title: str, template: str, context: Callable[[], dict], shared) -> HttpResponse:
    """The list's page around its body, cached per assessor, round and page number (`content_cache`): personal,
    so the key names the user; only a page's own number is a key, never other text typed into the address."""
    number = request.GET.get("page")
    if number is None or PAGE_NUMBER.fullmatch(number):
        parts = (request.user.pk, shared["chosen_round"].pk if shared["chosen_round"] else 0, number or 1)
        body = content_cache.body(name, parts, READS, template, context, version=shared["version"])
    else:
        body = render_to_string(template, context())
    return render(request, "tenders/assessor/page.html", {"title": title, "body": body})


def _shared(request, list_name: str) -> dict:
    version = data_version.versions(READS)
    return _round_filter(request, list_name, version) | {"version": version}


@login_required
def my_assessments(request):
    """The open assignments a page at a time, the nearest deadline first, and the last few submitted ones."""
    if not is_assessor(request.user):
        raise PermissionDenied
    shared = _shared(request, "assessment:list")
    round_id = shared["chosen_round"] and shared["chosen_round"].pk

    def context() -> dict:
        rows = assessor_queries.open_assessments(request.user, round_id)
        page = assessor_queries.page_of(rows, request.GET.get("page"))
        submitted, more = assessor_queries.recently_submitted(request.user, round_id)
        return shared | {"page": page, "assessments": page.object_list, "submitted": submitted, "more": more}

    template = "tenders/assessor/list_body.html"
    return _page(request, "assessor-open", _("My assessments"), template, context, shared)


@login_required
def submitted_assessments(request):
    """Everything the assessor has submitted, the latest first, a page at a time."""
    if not is_assessor(request.user):
        raise PermissionDenied
    shared = _shared(request, "assessment:submitted")
    round_id = shared["chosen_round"] and shared["chosen_round"].pk

    def context() -> dict:
        rows = assessor_queries.submitted_assessments(request.user, round_id)
        page = assessor_queries.page_of(rows, request.GET.get("page"))
        return shared | {"page": page, "assessments": page.object_list}

    template = "tenders/assessor/submitted_body.html"
    return _page(request, "assessor-submitted", _("Your submitted assessments"), template, context, shared)


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
