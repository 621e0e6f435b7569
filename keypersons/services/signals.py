"""Signals of tension, their state changes and escalations, and the actions that follow up."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import add_working_days
from outbox import services as outbox

from ..audit import log_access
from ..models import (
    SIGNAL_TRANSITIONS,
    AccessLog,
    Action,
    Escalation,
    KeyPerson,
    Signal,
    SignalState,
    SignalStateChange,
)
from .dates import refuse_future
from .people import RESTRICTED
from .scope import current_consent
from .screening import screen

# The access log's detail when a signal description kept special-category words (never translated: it is data).
OVERRIDE_LOGGED = "screening override: about the neighbourhood, not a person"


@transaction.atomic
def record_signal(*, by, observed_on: date, neighbourhood, theme, severity: int, source: str, description: str, escalated_to=(), about_neighbourhood: bool = False, owner=None) -> Signal:  # fmt: skip
    """A signal of tension in a neighbourhood around a theme; it starts as new.

    The description is about a neighbourhood, never a person (AVG art. 5(1)(c) and 9): names of key persons and
    anything written like a resident's name are refused; special-category terms only with the explicit
    `about_neighbourhood` override, which is written to the access log. It gets an owner (who recorded it,
    unless another is chosen) and a response deadline in working days by severity (SIGNAL_RESPONSE_DAYS).
    """
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Choose the neighbourhood where the tension is.")})
    refuse_future(observed_on, "observed_on", _("A signal cannot be observed in the future."))
    if not description.strip():
        raise ValidationError({"description": _("Describe what was observed.")})
    overridden = screen(
        field="description", text=description, first_names=True, residents=True, may_override=True,
        override=about_neighbourhood,
    )  # fmt: skip
    signal = Signal.objects.create(
        observed_on=observed_on, neighbourhood=neighbourhood, theme=theme, severity=severity, source=source,
        description=description, recorded_by=by, owner=owner or by, respond_by=response_deadline(severity),
    )  # fmt: skip
    if overridden:
        log_access(by, AccessLog.What.CHANGE, signal, detail=OVERRIDE_LOGGED)
    if escalated_to:
        signal.escalated_to.set(escalated_to)
    log_access(by, AccessLog.What.CREATE, signal)
    return signal


@transaction.atomic
def transition_signal(*, signal: Signal, to: str, by, note: str = "") -> Signal:
    """Move a signal through new → assessing → action → monitoring → closed, as SIGNAL_TRANSITIONS allows."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if to not in SIGNAL_TRANSITIONS[signal.state]:
        raise ValidationError(
            _("A signal that is %(from)s cannot become %(to)s.")
            % {
                "from": SignalState(signal.state).label,
                "to": SignalState(to).label if to in SignalState.values else to,
            }
        )
    if to == SignalState.CLOSED:
        still_open = list(signal.actions.filter(done_on__isnull=True).values_list("description", flat=True))
        if still_open:
            raise ValidationError(
                _("A signal with open actions cannot be closed. Mark them as done, or cancel them with a reason: "
                  "%(actions)s") % {"actions": "; ".join(text[:60] for text in still_open)}
            )  # fmt: skip
    SignalStateChange.objects.create(signal=signal, from_state=signal.state, to_state=to, note=note, by=by)
    signal.state = to
    signal.closed_at = timezone.now() if to == SignalState.CLOSED else None
    signal.save(update_fields=["state", "closed_at"])
    log_access(by, AccessLog.What.CHANGE, signal)
    return signal


@transaction.atomic
def escalate_signal(*, signal: Signal, partners, by, note: str = "") -> Signal:
    """Escalate to partners (police, youth work, safety domain): recorded, and mailed to each partner's contact.

    The mail holds the neighbourhood, theme, severity and the director's summary (`note`), never a key person's
    name: the summary is screened like every free text, and the signal's own description is not sent.
    """
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": _("Choose at least one partner.")})
    screen(field="note", text=note, first_names=True, residents=True)
    signal.escalated_to.add(*partners)
    names = ", ".join(str(p) for p in partners)
    SignalStateChange.objects.create(
        signal=signal, from_state=signal.state, to_state=signal.state, by=by,
        note=_("Escalated to %(partners)s. %(note)s") % {"partners": names, "note": note},
    )  # fmt: skip
    for partner in partners:
        escalation = Escalation.objects.create(
            signal=signal, partner=partner, summary=note, sent_to=partner.contact_email, by=by
        )
        if partner.contact_email:
            outbox.enqueue("keypersons.tasks.send_escalation_mail", escalation.pk)
    log_access(by, AccessLog.What.CHANGE, signal)
    return signal


@transaction.atomic
def record_partner_feedback(
    *, escalation: Escalation, by, feedback: str, received_on: date | None = None
) -> Escalation:
    """Record what the partner did with an escalated signal; screened like every free text."""
    if not feedback.strip():
        raise ValidationError({"feedback": _("Write the partner's feedback.")})
    received_on = received_on or timezone.localdate()
    refuse_future(received_on, "received_on", _("Feedback cannot be received in the future."))
    screen(field="feedback", text=feedback, first_names=True, residents=True)
    escalation.feedback, escalation.feedback_on = feedback.strip(), received_on
    escalation.save(update_fields=["feedback", "feedback_on"])
    log_access(by, AccessLog.What.CHANGE, escalation.signal)
    return escalation


@transaction.atomic
def add_action(*, by, description: str, owner, due_on: date, signal: Signal | None = None, key_person: KeyPerson | None = None) -> Action:  # fmt: skip
    if (signal is None) == (key_person is None):
        raise ValidationError(_("An action belongs to a signal or to a key person."))
    if key_person is not None and key_person.restricted_at:
        raise ValidationError(RESTRICTED)
    if not description.strip():
        raise ValidationError({"description": _("Say what is to be done.")})
    consent = current_consent(key_person) if key_person is not None else None
    screen(
        field="description", text=description, allowed=consent.special_categories if consent else (),
        exclude_people=[key_person.pk] if key_person is not None else [], first_names=signal is not None,
    )  # fmt: skip
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    action = Action.objects.create(signal=signal, key_person=key_person, description=description, owner=owner, due_on=due_on)  # fmt: skip
    log_access(by, AccessLog.What.CREATE, action)
    return action


@transaction.atomic
def complete_action(*, action: Action, by) -> Action:
    if action.done_on is None:
        action.done_on = timezone.localdate()
        action.save(update_fields=["done_on"])
        log_access(by, AccessLog.What.CHANGE, action)
    return action


@transaction.atomic
def cancel_action(*, action: Action, by, reason: str) -> Action:
    """Cancel an open action, with the reason why it is not done; then its signal can be closed."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(_("This action is finished already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the action is cancelled.")})
    screen(field="reason", text=reason, exclude_people=[action.key_person_id] if action.key_person_id else [])
    action.done_on, action.cancel_reason = timezone.localdate(), reason.strip()
    action.save(update_fields=["done_on", "cancel_reason"])
    log_access(by, AccessLog.What.CHANGE, action)
    return action


def response_deadline(severity: int, today: date | None = None) -> date:
    """The last day to respond to a signal of this severity: working days from settings.SIGNAL_RESPONSE_DAYS."""
    urgent, high, medium, low = settings.SIGNAL_RESPONSE_DAYS
    days = {Signal.Severity.URGENT: urgent, Signal.Severity.HIGH: high, Signal.Severity.MEDIUM: medium}
    return add_working_days(today or timezone.localdate(), days.get(severity, low))
