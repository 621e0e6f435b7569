"""The policy officer's page of one objection (Awb chapters 6–7) and its steps: plan the hearing, record its
minutes or waive it, extend the decision term once, and decide. One URL, one view and one form per step; a form
with errors shows the page again with everything typed kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from letters.http import letter_response
from letters.queries import letters_about

from .. import objection_letters
from ..models import Hearing, Objection, ObjectionTermExtension
from ..objection_forms import ExtendTermForm, HearingForm, MinutesForm, ObjectionOutcomeForm, WaiveHearingForm
from ..permissions import is_policy_officer
from ..services import objection_procedure as procedure
from ..services import objections

officer_required = requires(is_policy_officer)

STEP_FORMS = {
    "hearing_form": HearingForm,
    "minutes_form": MinutesForm,
    "waive_form": WaiveHearingForm,
    "extend_form": ExtendTermForm,
    "outcome_form": ObjectionOutcomeForm,
}


def _objection(pk: int) -> Objection:
    return get_object_or_404(
        Objection.objects.select_related(
            "decision__application__organisation",
            "settlement__application__organisation",
            "reclaim__application__organisation",
            "registered_by",
        ),
        pk=pk,
    )


def _steps(objection: Objection, hearing: Hearing | None, extension) -> set[str]:
    """The forms the objection's state allows now."""
    if objection.status != Objection.Status.PENDING:
        return set()
    steps = {"outcome_form"} if hearing is not None and hearing.is_done else set()
    if hearing is None:
        steps |= {"hearing_form", "waive_form"}
    elif not hearing.is_done:
        steps.add("minutes_form")
    if extension is None and objection.decision_due_on and objection.decision_due_on >= timezone.localdate():
        steps.add("extend_form")
    return steps


def _page(request, objection: Objection, bound=None):
    hearing = Hearing.objects.filter(objection=objection).first()
    extension = ObjectionTermExtension.objects.filter(objection=objection).first()
    steps = _steps(objection, hearing, extension)
    forms = {
        name: bound if type(bound) is form_class else form_class(objection=objection)
        for name, form_class in STEP_FORMS.items()
        if name in steps or type(bound) is form_class
    }
    decisions = list(objection.decisions.all())
    due = objection.decision_due_on
    context = {
        "objection": objection, "against": objection.against, "application": objection.against.application,
        "hearing": hearing, "extension": extension, "decisions": decisions,
        "notices": objection_letters.letters_of(objection), "decision_letters": letters_about(decisions),
        "days_left": (due - timezone.localdate()).days if due else None, **forms,
        "overdue": (timezone.localdate() - due).days if due else None,
    }  # fmt: skip
    return render(request, "tenders/staff/objection_detail.html", context, status=400 if bound else 200)


def _done(request, objection: Objection, message: str):
    messages.success(request, message)
    return redirect("staff:objection", objection.pk)


def _step(request, pk: int, form_class, act, message: str):
    """Validate the step's form, call its service, and show the page again with the errors of a refusal."""
    objection = _objection(pk)
    form = form_class(request.POST, objection=objection)
    if form.is_valid():
        try:
            act(objection, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, objection, message)
    return _page(request, objection, form)


@officer_required
def objection_detail(request, pk):
    return _page(request, _objection(pk))


@officer_required
@require_POST
def plan_hearing(request, pk):
    def act(objection, data):
        procedure.plan_hearing(
            objection=objection, starts_at=data["starts_at"], place=data["place"], invited=data["invited"],
            by=request.user,
        )  # fmt: skip

    return _step(request, pk, HearingForm, act, _("The hearing is planned; the invitation is sent."))


@officer_required
@require_POST
def minute_hearing(request, pk):
    def act(objection, data):
        procedure.minute_hearing(
            objection=objection, minutes=data["minutes"], attended=data["attended"], by=request.user
        )

    return _step(request, pk, MinutesForm, act, _("The minutes of the hearing are recorded."))


@officer_required
@require_POST
def waive_hearing(request, pk):
    def act(objection, data):
        procedure.waive_hearing(
            objection=objection, ground=data["ground"], reason=data["reason"], by=request.user
        )

    return _step(
        request, pk, WaiveHearingForm, act, _("The hearing is waived; the objection can be decided.")
    )


@officer_required
@require_POST
def extend_term(request, pk):
    def act(objection, data):
        procedure.extend_term(objection=objection, reason=data["reason"], by=request.user)

    return _step(request, pk, ExtendTermForm, act, _("The decision term is extended; the letter is sent."))


@officer_required
@require_POST
def decide(request, pk):
    def act(objection, data):
        objections.decide_objection(
            objection=objection, outcome=data["outcome"], amount=data.get("amount") or 0, reasons=data["reasons"],
            by=request.user,
        )  # fmt: skip

    return _step(request, pk, ObjectionOutcomeForm, act, _("The objection is decided; the letter is sent."))


@officer_required
def notice_letter(request, pk, letter_pk):
    """A stored letter about the objection (acknowledgement, invitation, postponement), as it was issued."""
    letter = next((x for x in objection_letters.letters_of(_objection(pk)) if x.pk == letter_pk), None)
    if letter is None:
        raise Http404("No such letter about this objection.")
    return letter_response(request, letter)
