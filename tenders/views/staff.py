"""The policy officer's pages: rounds, the ranking, decisions of a round, letters, payments, programmes.

The application page and its actions are in staff_application.py.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from letters.models import Letter
from letters.queries import letters_about
from maastricht_inclusie import content_cache
from maastricht_inclusie.caching import PAGE_NUMBER

from .. import ledger, letters, queries, services, timeline
from ..models import Decision, Payment, Programme, Round
from ..permissions import is_policy_officer
from ..services import round_decisions

officer_required = requires(is_policy_officer)
# What the ranking shows: the organisations' names, the applications and rounds, the scores.
RANKING_READS = ("registry", "tenders", "assessment")


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
    """The ranking one page at a time, under a summary of the whole: the counts and where the ceiling line falls.

    The same for every officer: its body and the round's title are cached under the data they read
    (`content_cache`), per round, page and language, so a visit reads no round at all; the export form, with the
    session's CSRF token, is rendered apart on every visit.
    """
    number = request.GET.get("page")

    def page() -> tuple[str, str]:
        round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)  # a 404 is never cached
        summary, rows = queries.ranking_page(round_, number)
        context = {
            "round": round_, "summary": summary, "page": rows, "rows": rows.object_list,
            "line_page": summary.page_of_line(rows.paginator.per_page),
            "tie_break_rule": queries.TIE_RULES[round_.tie_rule], "written_rule": round_decisions.written_rule(round_),
        }  # fmt: skip
        return round_.title, str(render_to_string("tenders/staff/ranking_body.html", context))

    if number is None or PAGE_NUMBER.fullmatch(number):  # a page's own number, never other typed text
        title, body = content_cache.rendered("ranking-titled", (pk, number or 1), RANKING_READS, page)
    else:
        title, body = page()
    return render(
        request,
        "tenders/staff/ranking.html",
        {"title": title, "body": mark_safe(body), "export_params": {"round": pk}},
    )


@officer_required
def round_decide(request, pk):
    """A tender round: the decisions the ranking proposes and the money left (GET); its POST takes exactly those,
    all at once. A refusal shows the page again with the reason and what the ranking proposes now."""
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    errors = []
    if request.method == "POST":
        try:
            decisions = services.decide_round(
                round_=round_, by=request.user, confirmed=request.POST.get("confirmed", "")
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)s decisions taken.") % {"count": len(decisions)})
            return redirect("staff:round_applications", round_.pk)
    proposals = services.propose_round_decisions(round_) if round_.is_tender else []
    ineligible = round_decisions.ineligible(round_) if round_.is_tender else []
    taken = queries.decisions_taken(round_, request.GET.get("page"))
    letters_of = {letter.subject_id: letter for letter in letters_about(taken)}
    for decision in taken:
        decision.letter = letters_of.get(decision.pk)
    return render(
        request,
        "tenders/staff/round_decide.html",
        {
            "round": round_,
            "proposals": proposals,
            "errors": errors,
            "blocked": round_decisions.why_not_decidable(round_),
            "confirmed": round_decisions.fingerprint(proposals, ineligible),
            "remaining": ledger.remaining(round_),
            "money_left": round_decisions.money_left(round_, proposals),
            "granted_total": sum((p.amount for p in proposals), Decimal("0")),
            "written_rule": round_decisions.written_rule(round_),
            "ineligible": ineligible,
            "page": taken,
        },
    )


@officer_required
def decision_letter(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("application__round__programme", "application__organisation"), pk=pk
    )
    return letters.letter_response(request, decision)


@officer_required
@require_POST
def sent_letter_resend(request, pk):
    """The one way to send a stored letter again, whatever it is about (a decision, a settlement or reclaim, the
    objection procedure's letters): a new delivery of the same bytes, to the organisation's contact addresses as
    they are now. Back to the page it was asked from, else the application's page."""
    letter = get_object_or_404(Letter.objects.select_related("organisation"), pk=pk)
    application = letters.application_of(letter)
    if application is None:
        raise Http404("This letter is not about an application.")
    try:
        letters.resend_letter(letter, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The letter is queued to be sent again."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("staff:application_detail", application.pk)


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
        .order_by("ordered_at", "pk")
    )
    return render(
        request,
        "tenders/staff/payments.html",
        {"round": round_, "payments": rows, "export_params": {"round": round_.pk}},
    )
