"""The director's workspace at /netwerk/. Every page that shows key persons, signals or contact
moments writes the access log; changes go through services.py, which logs them as well."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maastricht_inclusie.caching import cached

from . import exports, queries, services
from .audit import log_request
from .forms import (
    ActionForm,
    ConsentForm,
    ContactForm,
    EscalationForm,
    GraphFilter,
    KeyPersonFilter,
    KeyPersonForm,
    NetworkForm,
    PeriodForm,
    QuickSignalForm,
    ReadingFormSet,
    SignalForm,
    TemperatureForm,
    TieForm,
    TransitionForm,
)
from .models import (
    SIGNAL_TRANSITIONS,
    AccessLog,
    Action,
    ContactMoment,
    KeyPerson,
    Network,
    Signal,
    SignalState,
    Tie,
)
from .permissions import director_required, is_director, network_required
from .register import processing_register


def _query(request) -> str:
    """The current filters as a query string, without the page number (for pagination links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _apply(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when that field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- dashboard -----------------------------------------------------------------------------------


@network_required
def dashboard(request):
    today = timezone.localdate()
    data = {**_overview(today), **queries.dashboard(today)}
    log_request(request, AccessLog.What.LIST, Signal)
    return render(
        request,
        "keypersons/dashboard.html",
        {**data, "is_director": is_director(request.user), "today": today},
    )


def _overview(today: date) -> dict:
    """The dashboard's figures, rendered, and cached until the data changes (one query a visit).

    Signals by neighbourhood and theme, temperatures, counts: no names, notes or descriptions ever
    go into the cache, so that an erasure takes effect at once.
    """

    def compute() -> dict:
        overview = queries.network_overview(today)
        return {
            "signals": render_to_string("keypersons/dashboard_signals.html", overview),
            "heat_map": render_to_string("keypersons/heat_map.html", {"heat": overview["heat_map"]}),
            "thin": overview["thin"],
            "overdue_count": overview["overdue_count"],
        }

    return cached(f"keypersons:overview:{today.isoformat()}:{get_language()}", compute)


# -- key persons ---------------------------------------------------------------------------------


@network_required
def person_list(request):
    filters = KeyPersonFilter(request.GET, queryset=queries.key_persons())
    people = queries.with_cadence(filters.qs)
    wanted = filters.form.cleaned_data.get("cadence") if filters.is_valid() else None
    if wanted:
        people = [p for p in people if p.cadence.state == wanted]
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    log_request(request, AccessLog.What.LIST, KeyPerson)
    return render(
        request,
        "keypersons/person_list.html",
        {"filter": filters, "page": page, "is_director": is_director(request.user), "query": _query(request)},
    )  # fmt: skip


@director_required
def person_create(request):
    form = KeyPersonForm(request.POST or None)
    consent_form = ConsentForm(request.POST or None, prefix="consent", required=False)
    if request.method == "POST" and form.is_valid() and consent_form.is_valid():
        data = dict(form.cleaned_data)
        consent = consent_form.cleaned_data if consent_form.is_recording else None
        try:
            person = services.save_key_person(by=request.user, data=data, consent=consent)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Key person added."))
            return redirect(person)
    return render(request, "keypersons/person_form.html", {"form": form, "consent_form": consent_form})


def _person_or_404(pk) -> KeyPerson:
    try:
        return queries.person_detail(pk)
    except KeyPerson.DoesNotExist:
        raise Http404 from None


@network_required
def person_detail(request, pk):
    person = _person_or_404(pk)
    log_request(request, AccessLog.What.VIEW, person)
    director = is_director(request.user)
    return render(
        request,
        "keypersons/person_detail.html",
        {
            "person": person,
            "cadence": queries.cadence(person),
            "consent": services.current_consent(person),
            "is_director": director,
            "consent_form": ConsentForm(prefix="consent") if director else None,
            "tie_form": TieForm(person=person) if director else None,
            "action_form": ActionForm(prefix="action"),
        },
    )


@director_required
def person_edit(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = KeyPersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_key_person(by=request.user, person=person, data=dict(form.cleaned_data))
        except ValidationError as error:
            _apply(form, error)
            person.refresh_from_db()
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    else:
        log_request(request, AccessLog.What.VIEW, person)
    return render(request, "keypersons/person_form.html", {"form": form, "person": person})


@director_required
@require_POST
def person_consent(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            services.record_consent(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
        else:
            messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, " ".join(f"{form[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e) for f, e in form.errors.items()))  # fmt: skip
    return redirect(person)


@director_required
@require_POST
def person_withdraw(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    services.withdraw_consent(person=person, by=request.user)
    messages.success(
        request, _("Consent withdrawn: the profile and all ties of this person have been removed.")
    )
    return redirect(person)


@director_required
@require_POST
def person_tie(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = TieForm(request.POST, person=person)
    if form.is_valid():
        try:
            services.add_tie(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
        else:
            messages.success(request, _("Tie added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(person)


@director_required
@require_POST
def tie_remove(request, pk):
    tie = get_object_or_404(Tie.objects.select_related("key_person"), pk=pk)
    person = tie.key_person
    services.remove_tie(tie=tie, by=request.user)
    messages.success(request, _("Tie removed."))
    return redirect(person)


@director_required
def person_export(request, pk, fmt):
    if fmt not in {"json", "pdf"}:
        raise Http404
    person = _person_or_404(pk)
    log_request(request, AccessLog.What.EXPORT, person)
    if fmt == "json":
        response = HttpResponse(exports.person_json(person), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(exports.person_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sleutelpersoon-{person.pk}.{fmt}"'
    return response


@director_required
def person_erase(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            services.erase_key_person(person=person, by=request.user)
            messages.success(request, _("The key person has been erased. Contact moments and signals remain, without any link to them."))  # fmt: skip
            return redirect("network:person_list")
    else:
        log_request(request, AccessLog.What.VIEW, person)
    return render(request, "keypersons/person_erase.html", {"person": person})


# -- networks ------------------------------------------------------------------------------------


@network_required
def network_list(request):
    director = is_director(request.user)
    form = NetworkForm(request.POST or None) if director else None
    if request.method == "POST":
        if not director:
            raise PermissionDenied
        if form.is_valid():
            network = form.save()
            log_request(request, AccessLog.What.CREATE, network)
            messages.success(request, _("Network added."))
            return redirect("network:network_list")
    networks = Network.objects.annotate(people=Count("ties", distinct=True)).prefetch_related(
        "neighbourhoods"
    )
    return render(request, "keypersons/network_list.html", {"networks": networks, "form": form})


# -- contact moments, temperatures, signals ------------------------------------------------------


@network_required
def contact_create(request):
    """Quick log: a contact moment with temperature readings, a signal and a follow-up, in one form."""
    post = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["key_persons"] = [int(request.GET["person"])]
    contact = ContactForm(post, prefix="contact", initial=initial)
    readings = ReadingFormSet(post, prefix="reading")
    has_signal = bool(post and post.get("has_signal"))
    signal = QuickSignalForm(post if has_signal else None, prefix="signal")
    forms = [contact, *readings.forms, signal] if post is not None else []
    forms_ok = (
        post is not None
        and contact.is_valid()
        and readings.is_valid()
        and (not has_signal or signal.is_valid())
    )
    if forms_ok:
        data = contact.cleaned_data
        try:
            moment = services.log_contact(
                by=request.user, occurred_on=data["occurred_on"], key_persons=data["key_persons"],
                channel=data["channel"], topics=data["topics"], notes=data["notes"], follow_up=data["follow_up"],
                follow_up_due_on=data["follow_up_due_on"],
                readings=[{"neighbourhood": r["neighbourhood"], "level": r["level"]} for r in readings.cleaned_data if r.get("neighbourhood")],
                signal=dict(signal.cleaned_data) if has_signal else None,
            )  # fmt: skip
        except ValidationError as error:
            _apply(contact, error)
        else:
            messages.success(request, _("Contact moment logged."))
            return redirect(moment)
    return render(
        request,
        "keypersons/contact_form.html",
        {"contact": contact, "readings": readings, "signal": signal, "has_signal": has_signal,
         "forms": forms, "has_errors": any(f.errors for f in forms)},
    )  # fmt: skip


@network_required
def contact_detail(request, pk):
    moment = get_object_or_404(
        ContactMoment.objects.select_related("staff_member").prefetch_related("key_persons", "topics"), pk=pk
    )
    log_request(request, AccessLog.What.VIEW, moment)
    return render(request, "keypersons/contact_detail.html", {"moment": moment})


@network_required
def temperature_create(request):
    form = TemperatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_temperature(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Temperature recorded."))
            return redirect("network:dashboard")
    return render(
        request,
        "keypersons/simple_form.html",
        {"form": form, "heading": _("Record a temperature"), "intro": _("The tension in a neighbourhood, from 1 (calm) to 5 (high tension).")},
    )  # fmt: skip


@network_required
def signal_list(request):
    state = request.GET.get("state", "open")
    signals = Signal.objects.select_related("neighbourhood", "theme").order_by("-observed_on", "-pk")
    if state == "open":
        signals = signals.exclude(state=SignalState.CLOSED)
    elif state in SignalState.values:
        signals = signals.filter(state=state)
    else:
        state = "all"
    page = Paginator(signals, 50).get_page(request.GET.get("page"))
    log_request(request, AccessLog.What.LIST, Signal)
    return render(
        request,
        "keypersons/signal_list.html",
        {"page": page, "state": state, "states": SignalState.choices, "query": _query(request)},
    )


@network_required
def signal_create(request):
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.record_signal(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
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
        Signal.objects.select_related("neighbourhood", "theme", "recorded_by").prefetch_related(
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
        services.transition_signal(signal=signal, to=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"])  # fmt: skip
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
            messages.error(request, " ".join(_errors(error)))
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
    log_request(request, AccessLog.What.LIST, Action)
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


# -- graph, suggestions, evaluation --------------------------------------------------------------


@network_required
def graph(request):
    form = GraphFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tie_list = list(queries.ties(neighbourhood=filters.get("neighbourhood"), domain=filters.get("domain")))
    log_request(request, AccessLog.What.LIST, Tie)
    return render(
        request, "keypersons/graph.html", {"form": form, "ties": tie_list, "graph": queries.graph(tie_list)}
    )


@network_required
def suggestions(request):
    return render(request, "keypersons/suggestions.html", queries.suggestions())


def _period(request) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    default = {"start": today.replace(month=1, day=1) - timedelta(days=365), "end": today}
    form = PeriodForm(request.GET or None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@network_required
def evaluation(request):
    form, start, end = _period(request)
    return render(
        request,
        "keypersons/evaluation.html",
        {"form": form, "report": queries.evaluation(start, end), "is_director": is_director(request.user),
         "export_params": {"start": start.isoformat(), "end": end.isoformat()}},
    )  # fmt: skip


# -- privacy: register and access log ------------------------------------------------------------


@director_required
def register(request):
    return render(request, "keypersons/register.html", {"entries": processing_register()})


@director_required
@require_GET
def access_log(request):
    rows = AccessLog.objects.select_related("user")
    user = request.GET.get("user", "").strip()
    if user:
        rows = rows.filter(user__username=user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "keypersons/access_log.html", {"page": page, "user_filter": user, "query": _query(request)}
    )
