from .application import (
    ALLOWED_TRANSITIONS,
    DECIDED,
    FORMAL_PARTS,
    ON_OBJECTION_ONLY,
    Application,
    Attachment,
    BudgetLine,
    InformationRequest,
    Part,
    State,
    StatusChange,
)
from .assessment import Assessment, ConsensusScore, Score, ScoreTotal
from .batch import PaymentBatch
from .money import AccountabilityReport, BudgetEntry, Decision, Objection, Payment, Settlement
from .objection import Hearing, ObjectionTermExtension
from .programme import MONEY, REPORTING_REQUIREMENTS, Criterion, Programme, Round, RoundAmendment
from .reclaim import Reclaim

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DECIDED",
    "FORMAL_PARTS",
    "MONEY",
    "ON_OBJECTION_ONLY",
    "REPORTING_REQUIREMENTS",
    "AccountabilityReport",
    "Application",
    "Assessment",
    "Attachment",
    "BudgetEntry",
    "BudgetLine",
    "ConsensusScore",
    "Criterion",
    "Decision",
    "Hearing",
    "InformationRequest",
    "Objection",
    "ObjectionTermExtension",
    "Part",
    "Payment",
    "PaymentBatch",
    "Programme",
    "Reclaim",
    "Round",
    "RoundAmendment",
    "Score",
    "ScoreTotal",
    "Settlement",
    "State",
    "StatusChange",
]  # fmt: skip
