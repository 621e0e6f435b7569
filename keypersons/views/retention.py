"""The retention review (AVG art. 5(1)(e)): the director keeps, with a reason, or erases the records of people
without contact for two years; records nobody reviewed are pseudonymised three months later by a daily task."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import queries, services
from ..audit import log_request
from ..models import AccessLog, KeyPerson
from ..permissions import director_required
from ..rights_forms import RetentionKeepForm
from .shared import apply_error


def _page(request, *, bound: RetentionKeepForm | None = None, bound_pk: int | None = None, status: int = 200):
    due = queries.retention.due_for_review()
    rows = [(item, bound if item.person.pk == bound_pk else RetentionKeepForm(prefix=f"keep-{item.person.pk}")) for item in due]  # fmt: skip
    log_request(request, AccessLog.What.LIST, KeyPerson, shown=[item.person for item in due])
    return render(request, "keypersons/retention_review.html", {"rows": rows}, status=status)


@director_required
@require_GET
def retention_review(request):
    return _page(request)


@director_required
@require_POST
def retention_keep(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = RetentionKeepForm(request.POST, prefix=f"keep-{person.pk}")
    if form.is_valid():
        try:
            services.keep_after_review(person=person, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The record is kept for another period."))
            return redirect("network:retention_review")
    return _page(request, bound=form, bound_pk=person.pk, status=400)
