"""The officer's actions after an information request's deadline (Awb 4:5): set aside, extend once, continue; and
the refusal of an ineligible application in a first-come round, the other decision without an assessment.

Each is a POST to its own URL; an error shows the application page again with the form bound beside it.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ContinueForm, ExtendRequestForm, RefuseIneligibleForm, SetAsideForm
from ..services import information
from ..workflow import can
from .staff_application import _application, _application_page, _done, officer_required


@officer_required
def set_aside(request, pk):
    """Setting aside is a decision (Awb 4:5): the reasons from the application page (or typed here) are shown on a
    confirmation page that says what follows; its POST, confirmed, takes the decision."""
    application = _application(pk)
    form = SetAsideForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirmed"]:
            try:
                services.set_aside(
                    application=application, reasons=form.cleaned_data["reasons"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _done(
                    request, application, _("The application is set aside; the decision letter is sent.")
                )
        else:
            try:
                information.expired_request(application)
            except ValidationError as error:
                form.add_error(None, error)
                return _application_page(request, pk, form)
            form = SetAsideForm(initial={**form.cleaned_data, "confirmed": True}, application=application)
    elif request.method == "POST" and not form.data.get("confirmed"):
        return _application_page(request, pk, form)
    return _set_aside_confirmation(request, application, form)


def _set_aside_confirmation(request, application, form):
    return render(
        request,
        "tenders/staff/set_aside_confirm.html",
        {
            "application": application, "form": form, "allowed": can(application, "set_aside"),
            "open_request": information.open_request(application),
            "cancel_url": reverse("staff:application_detail", args=[application.pk]),
        },
    )  # fmt: skip


@officer_required
@require_POST
def refuse_ineligible(request, pk):
    """An ineligible application of a first-come round is refused by its own decision, with the reason recorded
    when it was declared ineligible (a tender round refuses it in the round decision)."""
    application = _application(pk)
    form = RefuseIneligibleForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.refuse_ineligible(application=application, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The application is refused; the refusal letter is sent."))
    return _application_page(request, pk, form)


@officer_required
@require_POST
def extend(request, pk):
    application = _application(pk)
    form = ExtendRequestForm(request.POST, application=application)
    if form.is_valid():
        try:
            request_ = services.extend_information_request(
                application=application, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("The deadline is extended to %(date)s; the applicant is informed.")
            return _done(request, application, message % {"date": date_format(request_.ends_on)})
    return _application_page(request, pk, form)


@officer_required
@require_POST
def continue_without_answer(request, pk):
    application = _application(pk)
    form = ContinueForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.continue_without_answer(
                application=application, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The procedure continues with what is there."))
    return _application_page(request, pk, form)
