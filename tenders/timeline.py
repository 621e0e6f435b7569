"""What happens after an application is submitted, with dates: the timeline the applicant sees.

It is read from the round (closing, assessments due), the application's own history (submission,
information requests) and the decision term of the settings (Awb 4:13), suspended while an information
request was open (Awb 4:15). Nothing here changes anything.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import deadline_after

from .models import DECIDED, Application, State
from .workflow import can, reachable_from


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    on: date | None = None
    is_done: bool = False
    when: str = ""  # how the date is meant: "on", "from", "at the latest"


def _day(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def _text_date(day: date) -> str:
    return date_format(day, "j F Y")


def awaits_decision(application: Application) -> bool:
    """Submitted, and no decision yet: the states from which the table still leads to a first decision."""
    waiting = {
        state
        for state in State
        if DECIDED & reachable_from(state, on_objection=False)
        and state not in reachable_from(*DECIDED)
        and state != State.DRAFT
    }
    return application.state in waiting


def decision_due(application: Application, *, now: datetime | None = None) -> date:
    """The last day of the decision term (Awb 4:13): the round's term, fixed at its publication, from the closing
    of a tender round or from receipt in a first-come round, plus the days an information request suspended it
    (Awb 4:15(1)(a): from the request until it was answered, ended by the officer, or expired)."""
    now = now or timezone.now()
    round_ = application.round
    received = application.submitted_at or now
    start = max(round_.closes_at, received) if round_.is_tender else received
    suspended = sum(
        ((_day(request.suspended_until(now)) - _day(request.created_at)).days
         for request in application.information_requests.all()),
        0,
    )  # fmt: skip
    weeks = round_.decision_term_weeks or settings.DECISION_TERM_WEEKS
    return deadline_after(_day(start) + timedelta(days=suspended), weeks=weeks)


def days_left(application: Application, *, now: datetime | None = None) -> int:
    """Days until the end of the decision term; negative when it has passed."""
    now = now or timezone.now()
    return (decision_due(application, now=now) - _day(now)).days


def next_steps(application: Application, *, now: datetime | None = None) -> list[Step]:
    """The steps from submission to the decision letter, with their dates; for a draft, as if submitted now."""
    now = now or timezone.now()
    round_ = application.round
    received = _day(application.submitted_at or now)
    checked = application.state in reachable_from(State.ELIGIBLE, State.INELIGIBLE)
    assessed = application.state in reachable_from(State.ASSESSED)
    due = decision_due(application, now=now)
    if round_.is_tender:
        assessment = Step(
            _("Assessment"),
            _(
                "After the round closes on %(date)s, at least two assessors score every complete application "
                "against the published criteria, and the applications are ranked by their scores."
            )
            % {"date": _text_date(_day(round_.closes_at))},
            _day(round_.assessment_deadline) if round_.assessment_deadline else _day(round_.closes_at),
            assessed,
            _("to be done by") if round_.assessment_deadline else _("starting on"),
        )
    else:
        assessment = Step(
            _("Assessment"),
            _("Complete applications are assessed in the order in which they became complete."),
            None,
            assessed,
        )
    if can(application, "refuse_ineligible"):
        assessment = Step(
            _("Not eligible"),
            _("Your application does not meet the conditions of the round, so it is not assessed. You receive a "
              "refusal with the reason; you can object to it."),
            None,
            True,
        )  # fmt: skip
    return [
        Step(
            _("Received"),
            _("Your application was received under reference %(reference)s.") % {"reference": application.reference}
            if application.reference
            else _("The moment you submit, your application is received and gets its reference."),
            received,
            application.submitted_at is not None,
            _("on"),
        ),
        Step(
            _("Completeness check"),
            _(
                "We check whether your application is complete. If anything is missing, we ask you to complete "
                "it within %(days)s days; the decision term waits meanwhile."
            ) % {"days": settings.INFORMATION_REQUEST_DAYS},
            None,
            checked,
        ),
        assessment,
        Step(
            _("Decision"),
            _("We decide on your application at the latest on %(date)s.") % {"date": _text_date(due)}
            + (" " + _("In a tender round all applications are decided together, in the order of the ranking, "
                       "until the ceiling is reached.") if round_.is_tender else ""),
            due,
            when=_("at the latest"),
        ),
        Step(
            _("Decision letter"),
            _(
                "The decision letter appears on your application's page on the day of the decision. You can "
                "object to it within six weeks from the day after it is sent."
            ),
            due,
            when=_("at the latest"),
        ),
    ]  # fmt: skip


def with_terms(applications, *, now: datetime | None = None) -> list[Application]:
    """The applications, each with `decision_due`, `days_left` and `overdue` while a decision is awaited
    (None otherwise): for the officer's lists. Reads the round and the information requests as loaded."""
    now = now or timezone.now()
    applications = list(applications)
    for application in applications:
        waiting = awaits_decision(application)
        application.decision_due = decision_due(application, now=now) if waiting else None
        application.days_left = (application.decision_due - _day(now)).days if waiting else None
        application.overdue = -application.days_left if waiting else None
    return applications
