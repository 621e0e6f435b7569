"""Closing the file of a settled subsidy: the last step of the workflow table."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import objection_deadline

from ..models import Application, Objection, Payment, Reclaim, State
from ..workflow import can, transition


@transaction.atomic
def close(*, application: Application, by, note: str = "") -> Application:
    """Close the file once the settlement (vaststelling) can no longer be objected to: six weeks after it was
    made (Awb 6:7), and the money is square: every payment paid, and no reclaim still open."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not can(application, "close"):
        raise ValidationError(_("Only a settled subsidy can be closed."))
    # The settlement in force (an upheld objection may have reopened an earlier one), and no objection pending
    # against it or against a reclaim (a decision of its own, Awb 4:57).
    settlement = application.settlements.filter(reopened_at__isnull=True).order_by("-settled_at").first()
    pending = Objection.objects.filter(
        Q(settlement=settlement) | Q(reclaim__application=application), status=Objection.Status.PENDING
    )
    if settlement is None or pending.exists():
        raise ValidationError(
            _("Close the file after the settlement and every objection against it are decided.")
        )
    until = objection_deadline(settlement.settled_at)
    if timezone.localdate() <= until:
        raise ValidationError(
            _("The settlement can be objected to until %(date)s; close the file after that day.")
            % {"date": date_format(until)}
        )
    if application.payments.exclude(status=Payment.Status.PAID).exists():
        raise ValidationError(
            _("A payment of this subsidy has not been paid yet; close the file once it is.")
        )
    if application.reclaims.filter(status=Reclaim.Status.OPEN).exists():
        raise ValidationError(
            _("The reclaim is still open; close the file once it is paid back or written off.")
        )
    return transition(application, State.CLOSED, by=by, note=note.strip())
