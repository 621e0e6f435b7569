"""Contact moments and temperature readings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..audit import log_request
from ..forms import ContactForm, QuickSignalForm, ReadingFormSet, TemperatureForm
from ..models import AccessLog, ContactMoment, KeyPerson
from ..permissions import is_director, network_required
from .shared import apply_error


@network_required
def contact_create(request):
    """Quick log: a contact moment with temperature readings, a signal and a follow-up, in one form."""
    post = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["key_persons"] = [int(request.GET["person"])]
    search = request.GET.get("q", "")
    contact = ContactForm(post, prefix="contact", initial=initial, search=search)
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
            apply_error(contact, error)
        else:
            messages.success(request, _("Contact moment logged."))
            return redirect(moment)
    # Every name the form offers is a name shown: the access log says which.
    offered = contact.fields["key_persons"].queryset.values_list("pk", flat=True)
    log_request(request, AccessLog.What.LIST, KeyPerson, shown=offered)
    return render(
        request,
        "keypersons/contact_form.html",
        {"contact": contact, "readings": readings, "signal": signal, "has_signal": has_signal, "search": search,
         "forms": forms, "has_errors": any(f.errors for f in forms)},
    )  # fmt: skip


@network_required
def contact_detail(request, pk):
    moment = get_object_or_404(
        ContactMoment.objects.select_related("staff_member").prefetch_related("key_persons", "topics"), pk=pk
    )
    # A restricted person (AVG art. 18) is named to the director only.
    director = is_director(request.user)
    people = [p for p in moment.key_persons.all() if director or not p.restricted_at]
    log_request(request, AccessLog.What.VIEW, moment, shown=people)
    return render(request, "keypersons/contact_detail.html", {"moment": moment, "people": people})


@network_required
def temperature_create(request):
    form = TemperatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_temperature(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Temperature recorded."))
            return redirect("network:dashboard")
    return render(
        request,
        "keypersons/simple_form.html",
        {"form": form, "heading": _("Record a temperature"), "intro": _("The tension in a neighbourhood, from 1 (calm) to 5 (high tension).")},
    )  # fmt: skip
