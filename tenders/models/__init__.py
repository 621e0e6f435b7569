from .application import (
    ALLOWED_TRANSITIONS,
    DECIDED,
    FORMAL_PARTS,
    Application,
    Attachment,
    BudgetLine,
    InformationRequest,
    Part,
    State,
    StatusChange,
)
from .assessment import Assessment, Score
from .money import AccountabilityReport, BudgetEntry, Decision, Objection, Payment, Settlement
from .programme import MONEY, REPORTING_REQUIREMENTS, Criterion, Programme, Round, RoundAmendment

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DECIDED",
    "FORMAL_PARTS",
    "MONEY", "REPORTING_REQUIREMENTS",
    "AccountabilityReport",
    "Application",
    "Assessment",
    "Attachment",
    "BudgetEntry",
    "BudgetLine",
    "Criterion",
    "Decision",
    "InformationRequest",
    "Objection",
    "Part",
    "Payment",
    "Programme",
    "Round",
    "RoundAmendment",
    "Score",
    "Settlement",
    "State",
    "StatusChange",
]  # fmt: skip
