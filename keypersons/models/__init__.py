"""The key-person network of the polarisation director (regisseur aanpak polarisatie, B&W 21-12-2021).

Glossary: KeyPerson = sleutelpersoon, Network = netwerk, Tie = verbinding, ContactMoment = contactmoment,
TemperatureReading = temperatuurmeting, Signal = signaal (of tension), Action = actie / opvolging,
Consent = toestemming (AVG art. 9(2)(a)), AccessLog = toegangslog.

Privacy by design, and on purpose:
- no field anywhere for religion, ethnicity, political opinion, health or sexual orientation
  (tests/keypersons/test_fields.py holds the exact field list of every model);
- a key person's record beyond name and contact details, and their ties, exist only under a valid
  consent (see services/people.py); withdrawing or expiry removes them;
- signals and temperature readings are about neighbourhoods and themes: they have no link to any
  person, not even to the contact moment in which they were heard;
- every model says what it stores it for (`processing`), which the processing register renders.
"""

# Imported in this order on purpose: the processing register lists the models in the order they are
# registered, reference lists first and the access log last.
from .processing import ACCOUNTABILITY, EXPLICIT_CONSENT, PUBLIC_TASK, Processing  # noqa: I001
from .reference import Domain, Partner, SpecialCategory, Topic
from .informing import InformationText
from .people import RETENTION_REVIEW_AFTER, Consent, InformedHow, KeyPerson
from .networks import SPECIAL_NETWORK_CATEGORIES, Network, Tie
from .contacts import ContactMoment, LastContact, TemperatureReading
from .signals import SIGNAL_TRANSITIONS, Action, Escalation, Signal, SignalState, SignalStateChange
from .rights import Rectification, RetentionReview, RightsRequest
from .access import AccessLog, AccessLogQuerySet, ShownPerson

__all__ = [
    "ACCOUNTABILITY",
    "EXPLICIT_CONSENT",
    "PUBLIC_TASK",
    "RETENTION_REVIEW_AFTER",
    "SIGNAL_TRANSITIONS",
    "SPECIAL_NETWORK_CATEGORIES",
    "AccessLog",
    "AccessLogQuerySet",
    "Action",
    "Consent",
    "ContactMoment",
    "Domain",
    "Escalation",
    "InformationText",
    "InformedHow",
    "KeyPerson",
    "LastContact",
    "Network",
    "Partner",
    "Processing",
    "Rectification",
    "RetentionReview",
    "RightsRequest",
    "ShownPerson",
    "Signal",
    "SignalState",
    "SignalStateChange",
    "SpecialCategory",
    "TemperatureReading",
    "Tie",
    "Topic",
]
