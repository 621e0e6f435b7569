"""The officer amends a published round's rules (wijziging van de regeling): a page of its own, GET and POST."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..amendment_forms import AmendmentForm
from ..models import Round
from .staff import officer_required


@officer_required
def amend(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk, published_at__isnull=False)
    form = AmendmentForm(request.POST if request.method == "POST" else None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_round(
                round_=round_, changes=form.changes(), reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The amendment is published on the round's page."))
            return redirect("staff:round_applications", round_.pk)
    amendments = round_.amendments.select_related("published_by")
    return render(
        request, "tenders/staff/round_amend.html", {"round": round_, "form": form, "amendments": amendments}
    )
