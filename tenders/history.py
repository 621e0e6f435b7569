"""The fixed notes of an application's history, translated when shown.

A note the portal writes itself (not one an officer typed) is stored as a key and its parameters beside the text as
written, so an English page shows the history in English and a Dutch page in Dutch. Rows written before the keys
existed were given theirs by a data migration; a row without a known key shows its stored text.
"""

import re
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

NOTES = {
    # What the applicant declares to submit (Awb 4:2(1)).
    "declaration": _("I declare that I have filled in this application completely and truthfully."),
    "eligibility_only": _("Eligibility only: this round has no scoring panel."),
    "all_assessed": _("All assessments submitted."),
    "continued": _("Continued with what was there."),
    "report_due": _("Report due on %(date)s"),
    "advance_ordered": _("Advance ordered: it is paid in a payment batch approved by a second officer."),
    "advance_paid": _("Advance paid on %(date)s."),
    "settlement_reopened": _("Settlement reopened by the decision on objection; settle again."),
    "set_aside_revoked": _(
        "Setting aside revoked by the decision on objection; the application is handled again."
    ),
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value):
    if isinstance(value, str) and ISO_DATE.match(value):
        return date_format(date.fromisoformat(value))
    return value


def render(key: str, params: dict | None = None) -> str:
    """The note in the active language; dates (stored as ISO strings) in the language's date format."""
    message = str(NOTES[key])
    return message % {name: _shown(value) for name, value in params.items()} if params else message


def stored_params(**params) -> dict:
    """Parameters as they go in the database: dates as ISO strings, so they can be shown in any language."""
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in params.items()}
