"""Every change to the key-person network: one transaction each, each one written to the access log.

One module per concern; the services are also importable from here (`services.log_contact()`), as
views, tasks, the demo data and the tests call them.
"""

from .contacts import log_contact, record_temperature, refresh_last_contact
from .erasure import erase_key_person
from .informing import current_information_text, record_informed, save_information_text
from .mentions import find_mentions
from .networks import add_network, add_tie, remove_tie
from .people import current_consent, record_consent, remove_expired_profile, save_key_person, withdraw_consent
from .retention import keep_after_review, pseudonymise_key_person
from .rights import decide_objection, issue_access_copy, lift_restriction, rectify, restrict
from .signals import (
    add_action,
    cancel_action,
    complete_action,
    escalate_signal,
    record_partner_feedback,
    record_signal,
    transition_signal,
)

__all__ = [
    "add_action",
    "add_network",
    "add_tie",
    "cancel_action",
    "complete_action",
    "current_consent",
    "current_information_text",
    "decide_objection",
    "erase_key_person",
    "escalate_signal",
    "find_mentions",
    "issue_access_copy",
    "keep_after_review",
    "lift_restriction",
    "log_contact",
    "pseudonymise_key_person",
    "record_consent",
    "record_informed",
    "record_partner_feedback",
    "record_signal",
    "record_temperature",
    "rectify",
    "refresh_last_contact",
    "remove_expired_profile",
    "remove_tie",
    "restrict",
    "save_information_text",
    "save_key_person",
    "transition_signal",
    "withdraw_consent",
]
