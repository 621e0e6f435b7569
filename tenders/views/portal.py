"""The applicant's pages in /portaal/: rounds, starting an application, its page and what can be done there.

Writing the draft, its documents and the review page where it is submitted are in portal_draft.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives.models import Organisation
from initiatives.permissions import organisations_of
from letters.queries import letters_about

from .. import ledger, letters, queries, services, timeline, workflow
from ..forms import AnswerForm, ReportForm, StartApplicationForm, WithdrawForm
from ..models import Decision, Round
from ..permissions import applications_of


def _may_apply(user):
    """Organisations of the user that the municipality has approved."""
    return organisations_of(user).filter(
        Q(status=Organisation.Status.VERIFIED) | Q(status=Organisation.Status.TO_VERIFY)
    )


def applicant_application(request, pk):
    """One application of the user's organisations, with what its pages show; another organisation's is a 404."""
    return get_object_or_404(queries.application_detail(applications_of(request.user)), pk=pk)


@login_required
def round_list(request):
    return render(
        request,
        "tenders/portal/round_list.html",
        {"rounds": queries.rounds_for_applicants(), "can_apply": _may_apply(request.user).exists()},
    )


@login_required
def application_start(request, pk):
    round_ = get_object_or_404(queries.rounds_for_applicants(), pk=pk)
    form = StartApplicationForm(request.POST or None, organisations=_may_apply(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                round_=round_, organisation=form.cleaned_data["organisation"], by=request.user,
                title=form.cleaned_data["title"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your draft is saved. You can come back to it at any time."))
            return redirect("portal:application_edit", application.pk)
    return render(request, "tenders/portal/application_start.html", {"round": round_, "form": form})


# The forms of the application page, by their name in the template.
DETAIL_FORMS = {AnswerForm: "answer_form", ReportForm: "report_form"}


def _detail_page(request, pk, bound=None):
    """The application page; `bound` is the form of a failed action, shown again with its errors and
    everything typed; the other forms are unbound."""
    application = applicant_application(request, pk)
    forms = {
        "answer_form": AnswerForm(),
        "report_form": ReportForm() if workflow.can(application, "submit_report") else None,
    }
    if bound is not None:
        forms[DETAIL_FORMS[type(bound)]] = bound
    decisions = list(application.decisions.all())
    sent = {letter.subject_id: letter for letter in letters_about(decisions)}
    for decision in decisions:
        decision.letter = sent.get(decision.pk)
    return render(
        request,
        "tenders/portal/application_detail.html",
        {
            "application": application,
            "open_request": next((r for r in application.information_requests.all() if r.is_open), None),
            "decisions": decisions,
            "payments": application.payments.all(),
            "money": ledger.money_for(application),
            "reclaims": application.reclaims.all(),
            "iban": settings.RECLAIM_IBAN,
            "reports": application.reports.all(),
            "can_withdraw": workflow.can(application, "withdraw"),
            "steps": timeline.next_steps(application) if timeline.awaits_decision(application) else [],
            **forms,
        },
    )


@login_required
def application_detail(request, pk):
    return _detail_page(request, pk)


@login_required
def application_withdraw(request, pk):
    """Withdrawing asks first, on a page of its own that says what it means (GET); the POST from there withdraws."""
    application = applicant_application(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application is withdrawn."))
            return redirect("portal:application_detail", application.pk)
    return render(
        request,
        "tenders/portal/withdraw.html",
        {
            "application": application,
            "form": form,
            "can_withdraw": workflow.can(application, "withdraw"),
            "cancel_url": reverse("portal:application_detail", args=[application.pk]),
        },
    )


@login_required
@require_POST
def application_answer(request, pk):
    application = applicant_application(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_information_request(
                application=application, by=request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: your completed application is with the municipality again.")
            )
            return redirect("portal:application_detail", application.pk)
    return _detail_page(request, pk, form)


@login_required
@require_POST
def application_report(request, pk):
    application = applicant_application(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.submit_report(
                application=application, by=request.user, activities=form.cleaned_data["activities"],
                reach=form.cleaned_data["reach"], costs=form.cleaned_data["costs"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your report is with the municipality."))
            return redirect("portal:application_detail", application.pk)
    return _detail_page(request, pk, form)


@login_required
def decision_letter(request, pk):
    """The member's own decision letters only: another organisation's is a 404."""
    decision = get_object_or_404(
        Decision.objects.filter(application__in=applications_of(request.user)).select_related(
            "application__round__programme", "application__organisation"
        ),
        pk=pk,
    )
    return letters.letter_response(request, decision)


@login_required
def round_ranking(request, pk):
    """After the decisions, every applicant in the round may see the ranking (they are interested parties)."""
    round_ = get_object_or_404(
        Round.objects.filter(
            applications__in=applications_of(request.user), applications__decisions__isnull=False
        )
        .select_related("programme")
        .distinct(),
        pk=pk,
    )
    return render(
        request,
        "tenders/portal/ranking.html",
        {"round": round_, "rows": queries.ranking(round_), "tie_break_rule": queries.TIE_RULES[round_.tie_rule],
         "own": set(applications_of(request.user).filter(round=round_).values_list("pk", flat=True))},
    )  # fmt: skip
