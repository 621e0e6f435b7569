"""The policy officer's application page and its actions: one URL, one view and one form per action.

Every action is a POST. On success it redirects to the application page with a message; on an
error of the form or of the service it shows the page again with that form bound, so the errors
stand beside the fields and everything typed is kept. The actions that cannot be undone (declaring
eligible, paying an advance) answer a GET with their confirmation page, which says what will happen and
posts to the same URL; a refusal shows that page again with the error.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from maastricht_inclusie.money import euro

from .. import ledger, queries, services, timeline, workflow
from ..forms import (
    ActionForm,
    AskMoreForm,
    AssignForm,
    CloseForm,
    ContinueForm,
    DecisionForm,
    EligibleForm,
    ExtendRequestForm,
    IneligibleForm,
    InformationRequestForm,
    PayAdvanceForm,
    RefuseIneligibleForm,
    SetAsideForm,
    SettlementForm,
)
from ..models import Application, Objection
from ..objection_forms import ObjectionDecisionForm, ObjectionForm
from ..objection_letters import attach_letters
from ..panel_forms import ConsensusForm
from ..permissions import is_policy_officer
from ..services import information, panel

officer_required = requires(is_policy_officer)

# The forms of the page, one per action, by their name in the template.
PAGE_FORMS = {
    "ineligible_form": IneligibleForm,
    "refuse_form": RefuseIneligibleForm,
    "request_form": InformationRequestForm,
    "assign_form": AssignForm,
    "consensus_form": ConsensusForm,
    "decision_form": DecisionForm,
    "ask_more_form": AskMoreForm,
    "settlement_form": SettlementForm,
    "objection_form": ObjectionForm,
    "set_aside_form": SetAsideForm,
    "extend_form": ExtendRequestForm,
    "continue_form": ContinueForm,
    "close_form": CloseForm,
}


def detail_context(application: Application, bound: ActionForm | None = None) -> dict:
    """What the application page shows: the application, its history and money, the actions the
    workflow allows now and their forms — `bound` (a failed action's form) in its place, the rest unbound."""
    forms = {
        name: bound if type(bound) is form_class else form_class(application=application)
        for name, form_class in PAGE_FORMS.items()
    }
    # One form per pending objection. A failed decision on an objection shows its form again beside it, even if
    # the objection was decided meanwhile; one that names no objection of this application shows above the page.
    unplaced = bound if isinstance(bound, ObjectionDecisionForm) else None
    decisions = list(application.decisions.select_related("decided_by").prefetch_related("objections"))
    settlements = list(application.settlements.select_related("reclaim").prefetch_related("objections"))
    objection_letters = attach_letters(decisions, settlements)
    for decision in [*decisions, *settlements]:
        for objection in decision.objections.all():
            if unplaced is not None and unplaced.objection_id == objection.pk:
                objection.decision_form, unplaced = bound, None
            elif objection.status == Objection.Status.PENDING:
                objection.decision_form = ObjectionDecisionForm(
                    application=application, objection_id=objection.pk
                )
    return {
        "application": application,
        "actions": workflow.allowed_actions(application),
        "history": application.history.select_related("by"),
        "assessments": application.assessments.select_related("assessor"),
        "panel": queries.assessment_panel(application, settings.CONSENSUS_SPREAD),
        "consensus_spread": settings.CONSENSUS_SPREAD,
        "decisions": decisions,
        "settlements": settlements,
        "objection_letters": objection_letters,
        "payments": application.payments.all(),
        "reports": application.reports.all(),
        "committed": ledger.committed_for(application),
        "paid": ledger.paid_for(application),
        "unplaced_form": unplaced,
        "open_request": information.open_request(application),
        **_term(application),
        **forms,
    }


def _term(application: Application) -> dict:
    """The end of the decision term and the days left, while a decision is awaited."""
    if not timeline.awaits_decision(application):
        return {"decision_due": None}
    left = timeline.days_left(application)
    return {"decision_due": timeline.decision_due(application), "days_left": left, "overdue": -left}


def _application_page(request, pk: int, bound: ActionForm | None = None):
    application = get_object_or_404(queries.application_detail(Application.objects.all()), pk=pk)
    return render(request, "tenders/staff/application_detail.html", detail_context(application, bound))


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("round"), pk=pk)


def _done(request, application: Application, message: str):
    messages.success(request, message)
    return redirect("staff:application_detail", application.pk)


def _first_decided_at(application):
    first = min(application.decisions.all(), key=lambda d: (d.decided_at, d.pk), default=None)
    return first.decided_at if first else None


def _confirmation(request, template: str, application: Application, form: ActionForm, action: str):
    """The confirmation step of an irreversible action, with what it will do; again with the errors of a refusal."""
    granted = ledger.committed_for(application)
    return render(
        request,
        template,
        {
            "application": application,
            "form": form,
            "allowed": workflow.can(application, action),
            "granted": granted,
            "advance": application.round.advance_for(granted, decided_at=_first_decided_at(application)),
            "cancel_url": reverse("staff:application_detail", args=[application.pk]),
        },
    )


@officer_required
def application_detail(request, pk):
    return _application_page(request, pk)


@officer_required
def mark_eligible(request, pk):
    """Declaring eligible cannot be undone: a page says what follows (GET), its POST does it."""
    application = _application(pk)
    form = EligibleForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_eligible(application=application, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if application.round.is_eligibility_only:
                return _done(
                    request, application, _("Marked eligible. This round needs no scoring: decide it now.")
                )
            return _done(request, application, _("Marked eligible. Now assign at least two assessors."))
    return _confirmation(request, "tenders/staff/eligible_confirm.html", application, form, "mark_eligible")


@officer_required
@require_POST
def mark_ineligible(request, pk):
    application = _application(pk)
    form = IneligibleForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.mark_ineligible(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("Marked ineligible."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def request_information(request, pk):
    application = _application(pk)
    form = InformationRequestForm(request.POST, application=application)
    if form.is_valid():
        try:
            request_ = services.request_information(
                application=application, by=request.user, message=form.cleaned_data["message"],
                parts=form.cleaned_data["parts"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            deadline = date_format(request_.deadline)
            return _done(
                request,
                application,
                _("Information requested; the deadline is %(date)s.") % {"date": deadline},
            )
    return _application_page(request, pk, form)


@officer_required
@require_POST
def assign_assessor(request, pk):
    application = _application(pk)
    form = AssignForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.assign_assessor(
                application=application, assessor=form.cleaned_data["assessor"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("Assessor assigned."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def record_consensus(request, pk):
    application = _application(pk)
    form = ConsensusForm(request.POST, application=application)
    if form.is_valid():
        try:
            panel.record_consensus(
                application=application, criterion=form.cleaned_data["criterion"], score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The agreed score is recorded; the ranking uses it."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def decide(request, pk):
    application = _application(pk)
    form = DecisionForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.decide(
                application=application, outcome=form.cleaned_data["outcome"], amount=form.cleaned_data["amount"],
                reasons=form.cleaned_data["reasons"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("Decided. The letter is ready."))
    return _application_page(request, pk, form)


@officer_required
def pay_advance(request, pk):
    """Paying cannot be undone: a page shows the amount and what follows (GET), its POST books the payment."""
    application = _application(pk)
    form = PayAdvanceForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.pay_advance(application=application, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("Advance of %(amount)s ordered: it leaves in the next payment batch.") % {
                "amount": euro(payment.amount)
            }
            return _done(request, application, message)
    return _confirmation(request, "tenders/staff/advance_confirm.html", application, form, "pay_advance")


@officer_required
@require_POST
def ask_more(request, pk):
    application = _application(pk)
    form = AskMoreForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.ask_more(report=form.report, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The organisation is asked for more."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def settle(request, pk):
    application = _application(pk)
    form = SettlementForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.settle(
                application=application, final_amount=form.cleaned_data["final_amount"], by=request.user,
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("Settled."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def register_objection(request, pk):
    application = _application(pk)
    form = ObjectionForm(request.POST, application=application)
    if form.is_valid():
        try:
            objection = services.register_objection(
                decision=form.decision, settlement=form.settlement, received_on=form.cleaned_data["received_on"],
                grounds=form.cleaned_data["grounds"], excused_delay=form.cleaned_data["excused_delay"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if objection.status == Objection.Status.INADMISSIBLE:
                message = _(
                    "Objection registered and declared inadmissible: it came in after the objection period."
                )
            else:
                message = _("Objection registered.")
            return _done(request, application, message)
    return _application_page(request, pk, form)


@officer_required
@require_POST
def decide_objection(request, pk):
    application = _application(pk)
    form = ObjectionDecisionForm(request.POST, application=application)
    if form.is_valid():
        objection = get_object_or_404(
            Objection.objects.filter(
                Q(decision__application=application)
                | Q(settlement__application=application)
                | Q(reclaim__application=application)
            ),
            pk=form.cleaned_data["objection"],
        )
        try:
            services.decide_objection(
                objection=objection, upheld=form.cleaned_data["upheld"], amount=form.cleaned_data["amount"] or 0,
                reasons=form.cleaned_data["reasons"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The objection is decided."))
    return _application_page(request, pk, form)
