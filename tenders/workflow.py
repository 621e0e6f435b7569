"""The one place where an application changes state (Signalen's ALLOWED_STATUS_CHANGES pattern).

Callers ask this module what may happen (`can(application, "decide")`, `allowed_actions()`,
`reachable_from()`) instead of naming states, so a new state is a change to the table only.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import history
from .models import ALLOWED_TRANSITIONS, DECIDED, ON_OBJECTION_ONLY, Application, State, StatusChange


class IllegalTransition(ValidationError):
    pass


def can_transition(application: Application, to_state: str, *, on_objection: bool = False) -> bool:
    """Whether the table allows the change; the changes of ON_OBJECTION_ONLY only to a decision on objection."""
    if not on_objection and to_state in ON_OBJECTION_ONLY.get(application.state, ()):
        return False
    return to_state in ALLOWED_TRANSITIONS[application.state]


def reachable_from(*states: str, on_objection: bool = True) -> set[str]:
    """These states and every state the table can lead to from them (without `on_objection`: leaving out the
    changes only a decision on objection makes)."""
    reached, todo = set(states), list(states)
    while todo:
        state = todo.pop()
        skipped = set() if on_objection else ON_OBJECTION_ONLY.get(state, set())
        for following in ALLOWED_TRANSITIONS[state] - skipped:
            if following not in reached:
                reached.add(following)
                todo.append(following)
    return reached


def _moves_to(*states: str) -> Callable[[Application], bool]:
    return lambda application: all(can_transition(application, state) for state in states)


def _open_requests(application: Application) -> list:
    if application.state != State.INFORMATION_REQUESTED or application.pk is None:
        return []
    return [r for r in application.information_requests.all() if r.is_open]


def _request_expired(application: Application) -> bool:
    return any(r.has_expired() for r in _open_requests(application))


# Every action on an application, as the state change it makes: an action is allowed when the
# table allows that change from the current state. The services check the same rules.
ACTIONS: dict[str, Callable[[Application], bool]] = {
    "mark_eligible": _moves_to(State.ELIGIBLE),
    "mark_ineligible": _moves_to(State.INELIGIBLE),
    "request_information": _moves_to(State.INFORMATION_REQUESTED),
    # Assessors are assigned on the way to "assessed": the last submitted assessment makes that move.
    "assign_assessor": _moves_to(State.ASSESSED),
    "assess": _moves_to(State.ASSESSED),
    # A first decision chooses freely between the outcomes; one on objection only grants (more).
    "decide": _moves_to(*DECIDED),
    # Ordering the advance; the application is "advance paid" only once finance has paid it (services/payments.py).
    "pay_advance": _moves_to(State.ADVANCE_ORDERED),
    # Asking more sends a submitted report back; without a report there is nothing to ask more about.
    "ask_more": lambda application: (
        can_transition(application, State.REPORT_DUE) and application.reports.exists()
    ),
    "settle": _moves_to(State.SETTLED),
    "close": _moves_to(State.CLOSED),
    "withdraw": _moves_to(State.WITHDRAWN),
    # A refusal is the only decision the table allows (an ineligible application): refused with its own reason.
    "refuse_ineligible": lambda application: (
        can_transition(application, State.REJECTED) and not can_transition(application, State.GRANTED)
    ),
    "submit_report": _moves_to(State.REPORT_SUBMITTED),
    # After an information request's deadline (Awb 4:5): set aside, continue as it is, or extend once.
    "set_aside": lambda application: (
        can_transition(application, State.SET_ASIDE) and _request_expired(application)
    ),
    "continue_without_answer": lambda application: (
        can_transition(application, State.SUBMITTED) and _request_expired(application)
    ),
    "extend_information_request": lambda application: any(
        r.extended_until is None for r in _open_requests(application)
    ),
}


def can(application: Application, action: str) -> bool:
    """Whether the workflow allows this action (a key of ACTIONS) on the application now."""
    return ACTIONS[action](application)


def allowed_actions(application: Application) -> set[str]:
    """The actions of ACTIONS allowed now: what a page offers for this application."""
    return {action for action, allowed in ACTIONS.items() if allowed(application)}


def transition(
    application: Application,
    to_state: str,
    *,
    by=None,
    note: str = "",
    note_key: str = "",
    note_params: dict | None = None,
    on_objection: bool = False,
) -> Application:
    """Move the application to `to_state` if the table allows it, and write the history row.

    A fixed note of the portal is given by its key in `history.NOTES` (and parameters), so it can be shown in the
    reader's language; `note` is text a person typed. A change only a decision on objection makes (ON_OBJECTION_ONLY)
    needs `on_objection=True`. Call it inside the caller's transaction, on a row locked with select_for_update().
    """
    if not can_transition(application, to_state, on_objection=on_objection):
        raise IllegalTransition(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": State(application.state).label, "to": State(to_state).label}
        )
    params = history.stored_params(**(note_params or {}))
    StatusChange.objects.create(
        application=application, from_state=application.state, to_state=to_state, by=by,
        note=history.render(note_key, params) if note_key else note, note_key=note_key, note_params=params,
    )  # fmt: skip
    application.state = to_state
    application.save(update_fields=["state", "updated_at"])
    return application
