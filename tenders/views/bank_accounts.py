"""The officer's check of organisations' bank accounts: no payment goes to an account before it is verified."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from initiatives import services as registry
from initiatives.models import Organisation

from ..permissions import is_policy_officer

officer_required = requires(is_policy_officer)


def _unverified():
    return (
        Organisation.objects.exclude(iban="")
        .filter(iban_verified_at__isnull=True)
        .select_related("iban_changed_by")
    )


@officer_required
def bank_accounts(request, error: str = ""):
    """The bank accounts changed since their last verification, oldest change first."""
    accounts = _unverified().order_by("iban_changed_at", "pk")
    return render(request, "tenders/staff/bank_accounts.html", {"accounts": accounts, "error": error})


@officer_required
@require_POST
def verify_bank_account(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        registry.verify_bank_account(
            organisation=organisation, iban=request.POST.get("iban", ""), by=request.user
        )
    except ValidationError as error:
        return bank_accounts(request, error=" ".join(error.messages))
    messages.success(request, _("The bank account of %(name)s is verified.") % {"name": organisation.name})
    return redirect("staff:bank_accounts")
