"""A round of applications with awkward text for the export tests (CSV by COPY, streamed XLSX): formula prefixes,
quotes, line breaks, spaces and the like in titles and organisation names, times either side of a change of
daylight-saving time, several states; the references of every third application start like a formula."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from tenders.models import Application, State
from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory

WHEN = [None, datetime(2026, 3, 29, 0, 30), datetime(2026, 10, 25, 1, 30), datetime(2026, 12, 31, 23, 59)]


def awkward_round(titles: list[str], states: list[str], drafts: int = 0):
    """A round with an application per title (each organisation named after a title from the other end), in the
    states in turn, and `drafts` drafts more, which no export shows."""
    round_ = RoundFactory()
    for number, title in enumerate(titles + ["concept"] * drafts):
        organisation = OrganisationFactory(name=titles[-1 - number % len(titles)] + f" {number}")
        application = ApplicationFactory(round=round_, organisation=organisation, title=title)
        submitted = WHEN[number % len(WHEN)]
        Application.objects.filter(pk=application.pk).update(
            state=states[number % len(states)] if number < len(titles) else State.DRAFT,
            reference=f"=R{number:03d}" if number % 3 == 0 else f"R{number:03d}",
            submitted_at=timezone.make_aware(submitted, timezone.get_fixed_timezone(0))
            if submitted
            else None,
            requested_amount=Decimal("1234.50") + number,
            expected_reach=number * 7,
        )
    return round_
