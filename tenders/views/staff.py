"""The policy officer's pages: rounds, applications, eligibility, information requests, assessors, ranking."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from maastricht_inclusie.money import euro

from .. import ledger, letters, queries, services
from ..forms import (
    AskMoreForm,
    AssignForm,
    DecisionForm,
    IneligibleForm,
    InformationRequestForm,
    ObjectionDecisionForm,
    ObjectionForm,
    SettlementForm,
)
from ..models import Application, Decision, Objection, Payment, Programme, Round
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
            "applications": queries.round_applications(round_),
            "export_params": {"round": round_.pk},
        },
    )


@officer_required
def application_detail(request, pk):
    application = get_object_or_404(queries.application_detail(Application.objects.all()), pk=pk)
    return render(
        request,
        "tenders/staff/application_detail.html",
        {
            "application": application,
            "history": application.history.select_related("by"),
            "assessments": application.assessments.select_related("assessor"),
            "ineligible_form": IneligibleForm(),
            "request_form": InformationRequestForm(round_=application.round),
            "assign_form": AssignForm(application=application),
            "decision_form": DecisionForm(initial={"amount": application.requested_amount}),
            "settlement_form": SettlementForm(initial={"final_amount": ledger.committed_for(application)}),
            "ask_more_form": AskMoreForm(),
            "objection_form": ObjectionForm(),
            "decisions": application.decisions.select_related("decided_by").prefetch_related("objections"),
            "payments": application.payments.all(),
            "reports": application.reports.all(),
            "committed": ledger.committed_for(application),
            "paid": ledger.paid_for(application),
        },
    )


@officer_required
@require_POST
def application_action(request, pk, action):
    application = get_object_or_404(Application.objects.select_related("round"), pk=pk)
    try:
        if action == "eligible":
            services.mark_eligible(application=application, by=request.user)
            messages.success(request, _("Marked eligible. Now assign at least two assessors."))
        elif action == "ineligible":
            form = IneligibleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reason why the application is ineligible."))
            services.mark_ineligible(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Marked ineligible."))
        elif action == "request":
            form = InformationRequestForm(request.POST, round_=application.round)
            if not form.is_valid():
                raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
            request_ = services.request_information(
                application=application, by=request.user, message=form.cleaned_data["message"],
                parts=form.cleaned_data["parts"],
            )  # fmt: skip
            messages.success(
                request,
                _("Information requested; the deadline is %(date)s.")
                % {"date": request_.deadline.strftime("%d-%m-%Y")},
            )
        elif action == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
            services.decide(
                application=application, outcome=form.cleaned_data["outcome"], amount=form.cleaned_data["amount"],
                reasons=form.cleaned_data["reasons"], by=request.user,
            )  # fmt: skip
            messages.success(request, _("Decided. The letter is ready."))
        elif action == "pay_advance":
            payment = services.pay_advance(application=application, by=request.user)
            messages.success(
                request, _("Advance of %(amount)s booked for payment.") % {"amount": euro(payment.amount)}
            )
        elif action == "ask_more":
            form = AskMoreForm(request.POST)
            report = application.reports.first()
            if not form.is_valid() or report is None:
                raise ValidationError(_("Say what more you need."))
            services.ask_more(report=report, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The organisation is asked for more."))
        elif action == "settle":
            form = SettlementForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter the final amount."))
            services.settle(
                application=application, final_amount=form.cleaned_data["final_amount"], by=request.user,
                note=form.cleaned_data["note"],
            )  # fmt: skip
            messages.success(request, _("Settled."))
        elif action == "objection":
            form = ObjectionForm(request.POST)
            decision = services.current_decision(application)
            if not form.is_valid() or decision is None:
                raise ValidationError(_("Enter the date of receipt and the grounds."))
            services.register_objection(
                decision=decision, received_on=form.cleaned_data["received_on"], grounds=form.cleaned_data["grounds"],
                by=request.user,
            )  # fmt: skip
            messages.success(request, _("Objection registered."))
        elif action == "objection_decide":
            form = ObjectionDecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
            objection = get_object_or_404(
                Objection.objects.filter(decision__application=application), pk=form.cleaned_data["objection"]
            )
            services.decide_objection(
                objection=objection, upheld=form.cleaned_data["upheld"], amount=form.cleaned_data["amount"] or 0,
                reasons=form.cleaned_data["reasons"], by=request.user,
            )  # fmt: skip
            messages.success(request, _("The objection is decided."))
        elif action == "assign":
            form = AssignForm(request.POST, application=application)
            if not form.is_valid():
                raise ValidationError(_("Choose an assessor."))
            services.assign_assessor(
                application=application, assessor=form.cleaned_data["assessor"], by=request.user
            )
            messages.success(request, _("Assessor assigned."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("staff:application_detail", application.pk)


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
    return _letter_response(decision)


def _letter_response(decision):
    response = HttpResponse(letters.decision_letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="beschikking-{decision.application.reference}.pdf"'
    )
    return response


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
