"""The officer's actions after an information request's deadline (Awb 4:5): set aside, extend once, continue.

Each is a POST to its own URL; an error shows the application page again with the form bound beside it.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ContinueForm, ExtendRequestForm, SetAsideForm
from .staff_application import _application, _application_page, _done, officer_required


@officer_required
@require_POST
def set_aside(request, pk):
    application = _application(pk)
    form = SetAsideForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.set_aside(application=application, reasons=form.cleaned_data["reasons"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The application is set aside; the applicant is informed."))
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
