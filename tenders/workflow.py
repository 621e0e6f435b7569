"""The one place where an application changes state (Signalen's ALLOWED_STATUS_CHANGES pattern)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ALLOWED_TRANSITIONS, Application, State, StatusChange


class IllegalTransition(ValidationError):
    pass


def can_transition(application: Application, to_state: str) -> bool:
    return to_state in ALLOWED_TRANSITIONS[application.state]


def transition(application: Application, to_state: str, *, by=None, note: str = "") -> Application:
    """Move the application to `to_state` if the table allows it, and write the history row.

    Call it inside the caller's transaction, on a row locked with select_for_update().
    """
    if not can_transition(application, to_state):
        raise IllegalTransition(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": State(application.state).label, "to": State(to_state).label}
        )
    StatusChange.objects.create(
        application=application, from_state=application.state, to_state=to_state, by=by, note=note
    )
    application.state = to_state
    application.save(update_fields=["state", "updated_at"])
    return application
