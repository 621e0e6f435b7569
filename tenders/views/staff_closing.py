"""The officer closes the file of a settled subsidy (the last step of the workflow)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import CloseForm
from .staff_application import _application, _application_page, _done, officer_required


@officer_required
@require_POST
def close(request, pk):
    application = _application(pk)
    form = CloseForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.close(application=application, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, application, _("The file is closed."))
    return _application_page(request, pk, form)
