"""Every state change of the tender process; views, admin actions and tasks all call these."""

from .applications import (
    add_attachment,
    answer_information_request,
    missing_items,
    remove_attachment,
    request_information,
    save_draft,
    start_application,
    submit,
    withdraw,
)
from .assessment import assign_assessor, declare_conflict, mark_eligible, mark_ineligible, save_scores
from .closing import close
from .decisions import (
    ask_more,
    current_decision,
    decide,
    pay_advance,
    refuse_ineligible,
    submit_report,
)
from .information import continue_without_answer, extend_information_request, set_aside
from .objections import decide_objection, objection_term_ends, register_objection
from .reclaims import record_reclaim_paid, write_off_reclaim
from .round_decisions import decide_round, propose_round_decisions
from .rounds import amend_round, publish_round, save_programme, save_round, validate_round
from .settlement import settle

__all__ = [
    "add_attachment",
    "amend_round",
    "answer_information_request",
    "ask_more",
    "assign_assessor",
    "close",
    "continue_without_answer",
    "current_decision",
    "decide",
    "decide_objection",
    "decide_round",
    "declare_conflict",
    "extend_information_request",
    "mark_eligible",
    "mark_ineligible",
    "missing_items",
    "objection_term_ends",
    "pay_advance",
    "propose_round_decisions",
    "publish_round",
    "record_reclaim_paid",
    "refuse_ineligible",
    "register_objection",
    "remove_attachment",
    "request_information",
    "save_draft",
    "save_programme",
    "save_round",
    "save_scores",
    "set_aside",
    "settle",
    "start_application",
    "submit",
    "submit_report",
    "validate_round",
    "withdraw",
    "write_off_reclaim",
]  # fmt: skip
