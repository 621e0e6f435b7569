"""Signals of tension and the actions that follow them (or a key person) up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..audit import log_request
from ..filters import SignalFilter
from ..forms import ActionForm, EscalationForm, FeedbackForm, SignalForm, TransitionForm
from ..models import SIGNAL_TRANSITIONS, AccessLog, Action, Escalation, KeyPerson, Signal
from ..permissions import is_director, network_required
from .shared import apply_error, error_messages, page_query


@network_required
def signal_list(request):
    filters = SignalFilter(
        request.GET or None,
        queryset=Signal.objects.select_related("neighbourhood", "theme", "owner").order_by(
            "-observed_on", "-pk"
        ),
    )
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    log_request(request, AccessLog.What.LIST, Signal)
    return render(
        request,
        "keypersons/signal_list.html",
        {"filter": filters, "page": page, "query": page_query(request), "today": timezone.localdate()},
    )


@network_required
def signal_create(request):
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.record_signal(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Signal recorded."))
            return redirect(signal)
    return render(
        request,
        "keypersons/simple_form.html",
        {"form": form, "heading": _("Record a signal"), "intro": _("A signal of tension in a neighbourhood around a theme.")},
    )  # fmt: skip


@network_required
def signal_detail(request, pk):
    signal = get_object_or_404(
        Signal.objects.select_related("neighbourhood", "theme", "recorded_by", "owner").prefetch_related(
            "escalated_to"
        ),
        pk=pk,
    )
    log_request(request, AccessLog.What.VIEW, signal)
    return render(
        request,
        "keypersons/signal_detail.html",
        {
            "signal": signal,
            "history": signal.history.select_related("by"),
            "actions": signal.actions.select_related("owner"),
            "transition_form": TransitionForm(allowed=SIGNAL_TRANSITIONS[signal.state], prefix="state"),
            "escalation_form": EscalationForm(prefix="escalation"),
            "escalations": [
                (escalation, FeedbackForm(prefix=f"feedback-{escalation.pk}"))
                for escalation in signal.escalations.select_related("partner", "by")
            ],
            "action_form": ActionForm(prefix="action"),
            "today": timezone.localdate(),
        },
    )


@network_required
@require_POST
def signal_transition(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    form = TransitionForm(request.POST, allowed=SIGNAL_TRANSITIONS[signal.state], prefix="state")
    if form.is_valid():
        try:
            services.transition_signal(signal=signal, to=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("The signal's state has been changed."))
    else:
        messages.error(request, _("This state change is not possible. Choose one of the states offered."))
    return redirect(signal)


@network_required
@require_POST
def signal_escalate(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    form = EscalationForm(request.POST, prefix="escalation")
    if form.is_valid():
        services.escalate_signal(signal=signal, by=request.user, **form.cleaned_data)
        messages.success(request, _("Escalation recorded."))
    else:
        messages.error(request, _("Choose at least one partner."))
    return redirect(signal)


def _add_action(request, *, signal=None, key_person=None):
    form = ActionForm(request.POST, prefix="action")
    if form.is_valid():
        try:
            services.add_action(by=request.user, signal=signal, key_person=key_person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("Action added."))
    else:
        messages.error(request, " ".join(f"{form[f].label}: {' '.join(e)}" for f, e in form.errors.items()))


@network_required
@require_POST
def signal_action(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    _add_action(request, signal=signal)
    return redirect(signal)


@network_required
@require_POST
def person_action(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    _add_action(request, key_person=person)
    return redirect(person)


@network_required
def action_list(request):
    actions = Action.objects.filter(done_on__isnull=True).select_related(
        "owner", "signal__neighbourhood", "signal__theme", "key_person"
    )
    if not is_director(request.user):  # a restricted person (AVG art. 18) is named to the director only
        actions = actions.exclude(key_person__restricted_at__isnull=False)
    actions = list(actions)
    log_request(
        request, AccessLog.What.LIST, Action, shown=[a.key_person_id for a in actions if a.key_person_id]
    )
    return render(request, "keypersons/action_list.html", {"actions": actions, "today": timezone.localdate()})


@network_required
@require_POST
def action_done(request, pk):
    action = get_object_or_404(Action, pk=pk)
    services.complete_action(action=action, by=request.user)
    messages.success(request, _("Action marked as done."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)  # back to the page the button was on; never to another site ("//evil.example")
    return redirect("network:action_list")


@network_required
@require_POST
def action_cancel(request, pk):
    """Cancel an open action with a reason (then its signal can be closed)."""
    action = get_object_or_404(Action, pk=pk)
    try:
        services.cancel_action(action=action, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("Action cancelled."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("network:action_list")


@network_required
@require_POST
def escalation_feedback(request, pk):
    """Record what a partner did with an escalated signal."""
    escalation = get_object_or_404(Escalation.objects.select_related("signal"), pk=pk)
    form = FeedbackForm(request.POST, prefix=f"feedback-{escalation.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the partner's feedback."))
        services.record_partner_feedback(escalation=escalation, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("Feedback recorded."))
    return redirect(escalation.signal)
