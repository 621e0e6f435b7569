"""The ranking binds the decisions (Awb 4:25–4:27): when a round may be decided, and which decision the ranking allows.

Read with the round row locked (the ledger's lock), so the ranking cannot change before the decision is written.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maastricht_inclusie.money import euro

from .. import totals
from ..allocation import RankingRow
from ..models import Application, Round, State
from ..queries import ranking

# An application in one of these states may still become assessed: a tender round waits for it.
NOT_YET_ASSESSED = [State.SUBMITTED, State.INFORMATION_REQUESTED, State.ELIGIBLE]


def ensure_round_decidable(round_: Round) -> None:
    """A tender round is decided after closing and after every eligible application is assessed (Awb 4:26:
    the applications are ranked together, so none can be decided before all can be compared)."""
    if not round_.is_tender:
        return
    if not round_.has_closed():
        closes_at = formats.date_format(timezone.localtime(round_.closes_at), "DATETIME_FORMAT")
        raise ValidationError(
            _("This tender round closes on %(date)s; its applications are decided after closing.")
            % {"date": closes_at}
        )
    waiting = list(
        Application.objects.filter(round=round_, state__in=NOT_YET_ASSESSED)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    if waiting:
        raise ValidationError(
            ngettext(
                "%(count)s application of this round is not assessed yet (%(references)s); the round is "
                "decided when every eligible application is assessed.",
                "%(count)s applications of this round are not assessed yet (%(references)s); the round is "
                "decided when every eligible application is assessed.",
                len(waiting),
            )
            % {"count": len(waiting), "references": ", ".join(waiting)}
        )


def ensure_follows_ranking(round_: Round, application: Application, *, grants: Decimal) -> RankingRow:
    """Refuse a decision the ranking does not allocate (Awb 4:25–4:27): one taken while an application ranked
    higher is undecided, or a grant of more than the ranking allocates to this application. The ranking's totals
    are checked against the scores first (`totals.ensure_current`)."""
    totals.ensure_current(round_)
    rows = ranking(round_)
    row = next((r for r in rows if r.application_id == application.pk), None)
    if row is None:
        raise ValidationError(
            _("%(ref)s is not in the ranking of its round.") % {"ref": application.reference}
        )
    if row.position is not None:
        ahead = next((r for r in rows if r.position and r.position < row.position and not r.is_decided), None)
        if ahead is not None:
            raise ValidationError(
                _(
                    "%(other)s ranks higher (position %(position)s) and is decided first; decisions follow the ranking."
                )
                % {"other": ahead.reference, "position": ahead.position}
            )
    if grants > row.fundable_amount:
        raise ValidationError(
            _("The ranking allocates %(allocated)s to %(ref)s; %(amount)s cannot be granted.")
            % {"allocated": euro(row.fundable_amount), "ref": application.reference, "amount": euro(grants)}
        )
    return row
