"""The policy officer's pages: rounds, the ranking, decisions of a round, letters, payments, programmes.

The application page and its actions are in staff_application.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import requires

from .. import ledger, letters, queries, services, timeline
from ..models import Decision, Payment, Programme, Round
from ..permissions import is_policy_officer

officer_required = requires(is_policy_officer)


@officer_required
def round_list(request):
    rounds = Round.objects.select_related("programme").order_by("programme", "number")
    return render(request, "tenders/staff/round_list.html", {"rounds": rounds})


@officer_required
def round_applications(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "tenders/staff/round_applications.html",
        {
            "round": round_,
            "applications": timeline.with_terms(queries.round_applications(round_)),
            "export_params": {"round": round_.pk},
        },
    )


@officer_required
def ranking(request, pk):
    """The ranking one page at a time, under a summary of the whole: the counts and where the ceiling line falls."""
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    summary, page = queries.ranking_page(round_, request.GET.get("page"))
    return render(
        request,
        "tenders/staff/ranking.html",
        {
            "round": round_,
            "summary": summary,
            "page": page,
            "rows": page.object_list,
            "line_page": summary.page_of_line(page.paginator.per_page),
            "tie_break_rule": queries.TIE_BREAK_RULE,
            "export_params": {"round": round_.pk},
        },
    )


@officer_required
def round_decide(request, pk):
    """A tender round: the decisions the ranking proposes, reviewed and then confirmed all at once."""
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        try:
            decisions = services.decide_round(round_=round_, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s decisions taken.") % {"count": len(decisions)})
            return redirect("staff:round_applications", round_.pk)
    return render(
        request,
        "tenders/staff/round_decide.html",
        {"round": round_, "proposals": services.propose_round_decisions(round_) if round_.is_tender else []},
    )


@officer_required
def decision_letter(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("application__round__programme", "application__organisation"), pk=pk
    )
    return letters.letter_response(decision)


@officer_required
def programme_overview(request, pk):
    programme = get_object_or_404(Programme, pk=pk)
    rows = ledger.programme_overview(programme)
    return render(
        request,
        "tenders/staff/programme_overview.html",
        {"programme": programme, "rows": rows, "export_params": {"programme": programme.pk}},
    )


@officer_required
def payments(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    rows = (
        Payment.objects.filter(application__round=round_)
        .select_related("application__organisation")
        .order_by("paid_at")
    )
    return render(
        request,
        "tenders/staff/payments.html",
        {"round": round_, "payments": rows, "export_params": {"round": round_.pk}},
    )
