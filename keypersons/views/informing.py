"""Informing people (AVG art. 14): the versioned information text, printable, and the record of who was told."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..consent_forms import InformationTextForm, InformedForm
from ..models import InformationText, KeyPerson
from ..pdf import render_pdf
from ..permissions import director_required, is_director, network_required
from .shared import apply_error, error_messages


@network_required
@require_GET
def information_text(request):
    """The current information text, its older versions, and for the director the form to change it."""
    versions = list(InformationText.objects.select_related("created_by"))
    current = versions[0] if versions else None
    form = (
        InformationTextForm(initial={"body": current.body if current else ""})
        if is_director(request.user)
        else None
    )
    return render(
        request,
        "keypersons/information_text.html",
        {"latest": current, "versions": versions, "form": form},
    )


@director_required
@require_POST
def information_text_edit(request):
    form = InformationTextForm(request.POST)
    if form.is_valid():
        latest = services.current_information_text()
        try:
            text = services.save_information_text(by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_error(form, error)
        else:
            if latest and text.pk == latest.pk:
                messages.info(request, _("The text did not change: no new version was made."))
            else:
                messages.success(request, _("Version %(version)s saved.") % {"version": text.version})
            return redirect("network:information_text")
    versions = list(InformationText.objects.select_related("created_by"))
    current = versions[0] if versions else None
    return render(
        request,
        "keypersons/information_text.html",
        {"latest": current, "versions": versions, "form": form},
    )


@network_required
@require_GET
def information_text_pdf(request, version):
    """One version of the information text as a PDF to print or send (A4, tagged)."""
    text = get_object_or_404(InformationText, version=version)
    pdf = render_pdf("keypersons/pdf/information_text.html", {"text": text})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="informatietekst-versie-{text.version}.pdf"'
    return response


@director_required
@require_POST
def person_informed(request, pk):
    """Record that a person was informed (AVG art. 14): when, how, by whom (the user) and with which text."""
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = InformedForm(request.POST, prefix="informed")
    if not form.is_valid():
        messages.error(request, " ".join(f"{form[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e) for f, e in form.errors.items()))  # fmt: skip
        return redirect(person)
    try:
        services.record_informed(person=person, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    except KeyPerson.DoesNotExist:
        raise Http404 from None
    else:
        messages.success(request, _("Recorded that the person was informed."))
    return redirect(person)
