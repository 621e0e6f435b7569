"""A key person's rights: the overview, access (art. 15), rectification (16), erasure (17), restriction (18) and
objection (21). Only the director; every page and change is logged. One URL, view and form per action; a form
with errors is shown again on the rights page with what was typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..audit import log_request
from ..models import AccessLog, KeyPerson, Rectification, RightsRequest
from ..permissions import director_required
from ..rights_forms import (
    AccessRequestForm,
    EraseForm,
    LiftRestrictionForm,
    ObjectionForm,
    RectificationForm,
    RestrictionForm,
)
from .shared import apply_error

FORMS = {
    "access_form": AccessRequestForm,
    "rectification_form": RectificationForm,
    "restriction_form": RestrictionForm,
    "lift_form": LiftRestrictionForm,
    "objection_form": ObjectionForm,
}


def _person(pk) -> KeyPerson:
    return get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)


def _page(request, person: KeyPerson, *, status: int = 200, **bound):
    """The rights page, with any form that was posted shown bound, with its errors and what was typed."""
    requests_ = RightsRequest.objects.filter(key_person=person).select_related("recorded_by")
    changes = Rectification.objects.filter(request__key_person=person).select_related("request")
    forms = {name: bound.get(name) or form(prefix=name.removesuffix("_form")) for name, form in FORMS.items()}
    log_request(request, AccessLog.What.VIEW, person, shown=[person])
    return render(
        request,
        "keypersons/person_rights.html",
        {"person": person, "requests": requests_, "rectifications": changes, **forms},
        status=status,
    )


@director_required
@require_GET
def person_rights(request, pk):
    return _page(request, _person(pk))


def _act(request, pk, name: str, act, done: str):
    """Post one of the rights forms: run the service, or show the page again with the form's errors."""
    person = _person(pk)
    form = FORMS[name](request.POST, prefix=name.removesuffix("_form"))
    if form.is_valid():
        try:
            result = act(person, form.cleaned_data)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, done)
            return result or redirect("network:person_rights", pk=person.pk)
    return _page(request, person, status=400, **{name: form})


@director_required
@require_POST
def person_access_copy(request, pk):
    def act(person, data):
        services.issue_access_copy(person=person, by=request.user, received_on=data["received_on"])

    return _act(request, pk, "access_form", act, _("The copy has been made. Download it below and send it to the person."))  # fmt: skip


@director_required
@require_GET
def rights_copy(request, pk, fmt):
    """The copy of an access request, served exactly as it was issued."""
    rights_request = get_object_or_404(RightsRequest.objects.select_related("key_person"), pk=pk)
    file = {"json": rights_request.copy_json, "pdf": rights_request.copy_pdf}.get(fmt)
    if not file:
        raise Http404
    log_request(request, AccessLog.What.EXPORT, rights_request.key_person)
    return FileResponse(file.open("rb"), as_attachment=True, filename=f"inzage-{rights_request.pk}.{fmt}")


@director_required
@require_POST
def person_rectify(request, pk):
    def act(person, data):
        services.rectify(person=person, by=request.user, **data)

    return _act(request, pk, "rectification_form", act, _("The correction has been recorded."))


@director_required
@require_POST
def person_restrict(request, pk):
    def act(person, data):
        services.restrict(person=person, by=request.user, **data)

    return _act(
        request, pk, "restriction_form", act, _("Processing is restricted: the record is kept, not used.")
    )


@director_required
@require_POST
def person_lift_restriction(request, pk):
    def act(person, data):
        services.lift_restriction(person=person, by=request.user, **data)

    return _act(request, pk, "lift_form", act, _("The restriction has been lifted."))


@director_required
@require_POST
def person_objection(request, pk):
    def act(person, data):
        stop = data["decision"] == ObjectionForm.STOP
        services.decide_objection(
            person=person, by=request.user, received_on=data["received_on"], compelling_grounds=not stop,
            grounds=data["grounds"],
        )  # fmt: skip
        return redirect("network:person_erase", pk=person.pk) if stop else None

    return _act(request, pk, "objection_form", act, _("The decision on the objection has been recorded."))


@director_required
def person_erase(request, pk):
    """Art. 17: the director sees every mention that will be erased, then confirms."""
    person = _person(pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.erase_key_person(person=person, by=request.user)
        messages.success(request, _("The key person has been erased, with every mention of them. Contact moments and signals remain, without any link to them."))  # fmt: skip
        return redirect("network:person_list")
    mentions = services.find_mentions(person)
    log_request(request, AccessLog.What.VIEW, person, shown=[person])
    return render(
        request,
        "keypersons/person_erase.html",
        {
            "person": person,
            "form": form,
            "mentions": mentions,
            "copies": person.rights_requests.exclude(copy_pdf=""),
        },
        status=400 if form.errors else 200,
    )
