"""Payment batches: the officer prepares, a second officer approves, the SEPA file goes to finance, and the
payments are marked paid by hand or from the bank statement. One URL and one view per action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires

from ..models import Payment, PaymentBatch
from ..payment_forms import PrepareBatchForm, StatementForm
from ..permissions import is_policy_officer
from ..services import payments as batches
from ..services import reclaims

officer_required = requires(is_policy_officer)


def _due():
    return (
        Payment.objects.filter(status=Payment.Status.DUE, batch__isnull=True)
        .select_related("application__organisation")
        .order_by("ordered_at", "pk")
    )


def _list(request, prepare_form=None, statement_form=None):
    return render(request, "tenders/staff/batch_list.html", {
        "batches": PaymentBatch.objects.select_related("prepared_by", "approved_by")[:50],
        "prepare_form": prepare_form or PrepareBatchForm(due=_due()),
        "statement_form": statement_form or StatementForm(),
    })  # fmt: skip


@officer_required
def batch_list(request):
    return _list(request)


@officer_required
@require_POST
def batch_prepare(request):
    form = PrepareBatchForm(request.POST, due=_due())
    if form.is_valid():
        try:
            batch = batches.prepare_batch(
                payments=[p.pk for p in form.cleaned_data["payments"]], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The batch is prepared. A second officer approves it."))
            return redirect("staff:batch_detail", batch.pk)
    return _list(request, prepare_form=form)


def _detail(request, batch):
    payments = batch.payments.select_related("application__organisation").order_by("pk")
    return render(request, "tenders/staff/batch_detail.html", {"batch": batch, "payments": payments})


@officer_required
def batch_detail(request, pk):
    return _detail(request, get_object_or_404(PaymentBatch, pk=pk))


@officer_required
@require_POST
def batch_approve(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        batches.approve_batch(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved. The payments are sent to finance; download the SEPA file."))
    return redirect("staff:batch_detail", batch.pk)


@officer_required
def batch_file(request, pk):
    """The SEPA file as it was made at approval."""
    batch = get_object_or_404(PaymentBatch, pk=pk, status=PaymentBatch.Status.SENT)
    response = HttpResponse(batch.sepa_xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="betaalbatch-{batch.pk}-pain.001.001.03.xml"'
    return response


@officer_required
@require_POST
def batch_mark_paid(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    count = batches.mark_paid(batch=batch, by=request.user)
    messages.success(request, _("%(count)s payments marked paid.") % {"count": count})
    return redirect("staff:batch_detail", batch.pk)


@officer_required
@require_POST
def statement_upload(request):
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                matched = batches.match_statement(statement=form.cleaned_data["statement"], by=request.user)
                returned = reclaims.match_reclaims(statement=form.cleaned_data["statement"], by=request.user)
        except ValidationError as error:
            form.add_error("statement", error)
        else:
            messages.success(
                request, _("%(count)s payments matched and marked paid.") % {"count": len(matched)}
            )
            if returned:
                messages.success(
                    request,
                    _("%(count)s reclaims matched and booked as paid back.") % {"count": len(returned)},
                )
            return redirect("staff:batch_list")
    return _list(request, statement_form=form)
