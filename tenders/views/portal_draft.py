"""The applicant writing an application in /portaal/: the form and its budget, the documents, the review page.

A draft always saves: every valid field is kept, everything typed is shown again, and the page says what is
still invalid or missing. Only submitting, on the review page, asks for everything.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services, timeline, workflow
from ..forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    ConfirmForm,
    SubmitForm,
    budget_lines_from,
    budget_total,
)
from ..models import Part
from .portal import applicant_application


def _budget_formset(request, application):
    """The budget lines as a formset, or None when the budget cannot be changed now.

    A POST is the whole budget as the applicant sees it, so it is read without the saved lines as initial data:
    a line typed the same as one saved (on a page shown again after a partial save) is still a line.
    """
    if not application.can_edit(Part.BUDGET):
        return None
    if request.method == "POST":
        return BudgetLineFormSet(request.POST, prefix="budget")
    initial = [
        {"description": line.description, "amount": line.amount} for line in application.budget_lines.all()
    ]
    return BudgetLineFormSet(initial=initial, prefix="budget")


def _save_valid_parts(request, application, form, formset) -> bool:
    """Save what is valid of the posted draft; say so when some of it is not. False if nothing could be saved."""
    lines = None
    if formset is not None and formset.management_form.is_valid():
        lines = budget_lines_from(formset)
    try:
        services.save_draft(
            application=application, data=form.valid_data(), budget_lines=lines, by=request.user
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    if form.errors or (formset is not None and formset.total_error_count()):
        messages.warning(
            request, _("Your draft is saved, except what is marked below. Correct it and save again.")
        )
    return True


def _budget_summary(application, formset) -> dict:
    """The totals below the budget: the valid lines as posted (or as saved), the requested amount, the difference."""
    if formset is not None and formset.is_bound:
        lines_total = budget_total(formset)
    else:
        lines_total = sum((line.amount for line in application.budget_lines.all()), Decimal("0"))
    requested = application.requested_amount
    difference = None if requested is None else requested - lines_total
    return {
        "total": lines_total,
        "requested": requested,
        "difference": difference,
        "status": "adds-up" if difference == 0 else "differs",
    }


@login_required
def application_edit(request, pk):
    application = applicant_application(request, pk)
    form = ApplicationForm(request.POST if request.method == "POST" else None, instance=application)
    formset = _budget_formset(request, application)
    if request.method == "POST" and (form.fields or formset is not None):
        complete = form.is_valid() & (formset is None or formset.is_valid())
        if _save_valid_parts(request, application, form, formset) and complete:
            messages.success(request, _("Saved."))
            if "check" in request.POST:
                return redirect("portal:application_check", application.pk)
            return redirect("portal:application_edit", application.pk)
        application = applicant_application(request, pk)  # as saved now, for the list of what is missing
    return render(
        request,
        "tenders/portal/application_form.html",
        {
            "application": application,
            "form": form,
            "formset": formset,
            "missing": services.missing_items(application) if application.is_editable_draft else [],
            "budget": _budget_summary(application, formset),
        },
    )


@login_required
def application_attachments(request, pk):
    application = applicant_application(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                application=application, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("portal:application_attachments", application.pk)
    return render(
        request,
        "tenders/portal/attachments.html",
        {
            "application": application,
            "form": form,
            "can_edit_documents": application.can_edit(Part.ATTACHMENTS),
            "report_due": workflow.can(application, "submit_report"),
        },
    )


@login_required
def attachment_remove(request, pk, attachment_pk):
    """Removing a document asks first, on a page of its own (GET); the POST from there removes it."""
    application = applicant_application(request, pk)
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_attachment(attachment=attachment, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The document %(name)s is removed.") % {"name": attachment.original_name}
            )
            return redirect("portal:application_attachments", application.pk)
    return render(
        request,
        "tenders/portal/attachment_remove.html",
        {
            "application": application,
            "attachment": attachment,
            "form": form,
            "can_remove": application.can_edit(Part.ATTACHMENTS),
            "cancel_url": reverse("portal:application_attachments", args=[application.pk]),
        },
    )


@login_required
def application_check(request, pk):
    """The review page: everything entered, what is still missing, the declaration; its POST submits."""
    application = applicant_application(request, pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit(
                application=application, by=request.user, declared_truthful=form.cleaned_data["declaration"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your application is submitted. Your reference is %(reference)s; we will send you a confirmation by e-mail."
                )
                % {"reference": application.reference},
            )
            return redirect("portal:application_detail", application.pk)
    return render(
        request,
        "tenders/portal/application_check.html",
        {
            "application": application,
            "form": form,
            "missing": services.missing_items(application) if application.is_editable_draft else [],
            "steps": timeline.next_steps(application),
        },
    )
