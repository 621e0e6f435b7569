"""Key persons and their consent: the list, the record, changes, export and erasure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..access_copy import access_copy_json, access_copy_pdf, subject_data
from ..audit import log_request
from ..consent_forms import InformedForm
from ..filters import KeyPersonFilter
from ..forms import ActionForm, ConsentForm, KeyPersonForm, TieForm
from ..models import AccessLog, KeyPerson
from ..permissions import director_required, is_director, network_required
from .shared import apply_error, error_messages, page_query


@network_required
def person_list(request):
    director = is_director(request.user)
    filters = KeyPersonFilter(request.GET, queryset=queries.people.key_persons(restricted=director))
    people = queries.people.with_cadence(filters.qs)
    wanted = filters.form.cleaned_data.get("cadence") if filters.is_valid() else None
    if wanted:
        people = [p for p in people if p.cadence.state == wanted]
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    log_request(request, AccessLog.What.LIST, KeyPerson, shown=page.object_list)
    return render(
        request,
        "keypersons/person_list.html",
        {"filter": filters, "page": page, "is_director": director, "query": page_query(request)},
    )  # fmt: skip


def _introducers(form) -> list:
    """The key persons the form's "introduced by" list names, for the access log."""
    return list(form.fields["introduced_by"].queryset.values_list("pk", flat=True))


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
            apply_error(form, error)
        else:
            messages.success(request, _("Key person added."))
            return redirect(person)
    log_request(request, AccessLog.What.LIST, KeyPerson, shown=_introducers(form))
    return render(request, "keypersons/person_form.html", {"form": form, "consent_form": consent_form})


def _person_or_404(pk, user) -> KeyPerson:
    """The record, if the user may open it: a restricted person's (AVG art. 18) opens only to the director."""
    try:
        return queries.people.person_detail(pk, restricted=is_director(user))
    except KeyPerson.DoesNotExist:
        raise Http404 from None


@network_required
def person_detail(request, pk):
    person = _person_or_404(pk, request.user)
    director = is_director(request.user)
    introducer = person.introduced_by
    if introducer and (introducer.erased_at or (introducer.restricted_at and not director)):
        introducer = None
    consent = services.current_consent(person)
    tie_form = TieForm(person=person) if director else None
    shown = queries.people.named_on_detail(person, introducer)
    if tie_form and consent and consent.covers_ties:  # the form lists every other key person by name
        shown += list(tie_form.fields["other_person"].queryset.values_list("pk", flat=True))
    log_request(request, AccessLog.What.VIEW, person, shown=shown)
    return render(
        request,
        "keypersons/person_detail.html",
        {
            "person": person,
            "introducer": introducer,
            "cadence": queries.people.cadence(person),
            "consent": consent,
            "is_director": director,
            "consent_form": ConsentForm(prefix="consent") if director else None,
            "informed_form": InformedForm(prefix="informed") if director else None,
            "tie_form": tie_form,
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
            apply_error(form, error)
            person.refresh_from_db()
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    log_request(request, AccessLog.What.VIEW, person, shown=[person.pk, *_introducers(form)])
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
            messages.error(request, " ".join(error_messages(error)))
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
def person_export(request, pk, fmt):
    """Everything held about the person as it stands now (AVG art. 15); a request is answered with a stored copy
    on the rights page."""
    if fmt not in {"json", "pdf"}:
        raise Http404
    person = _person_or_404(pk, request.user)
    log_request(request, AccessLog.What.EXPORT, person)
    data = subject_data(person)
    if fmt == "json":
        response = HttpResponse(access_copy_json(data), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(access_copy_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sleutelpersoon-{person.pk}.{fmt}"'
    return response
