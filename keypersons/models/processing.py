"""What each model of the network stores its data for, rendered in the processing register."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PUBLIC_TASK = _("Public task of the municipality (AVG art. 6(1)(e); Gemeentewet art. 172 public order).")
EXPLICIT_CONSENT = _("Explicit consent of the key person (AVG art. 6(1)(a) and 9(2)(a)).")
ACCOUNTABILITY = _("Legal obligation to account for access (AVG art. 5(2) and 32).")


@dataclass(frozen=True)
class Processing:
    """What a model's data is for; rendered in the processing register (AVG art. 30)."""

    purpose: Promise
    legal_basis: Promise
    retention: Promise
    personal: bool = True
