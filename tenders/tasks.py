"""Tender reminders on the beat schedule. Each task finds what is due and calls remind() per item;
one failing item is logged and does not stop the rest, and running a task twice sends nothing more."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from maastricht_inclusie.celery import MAIL_RETRY, SCHEDULED_RETRY
from maastricht_inclusie.money import euro
from reminders.services import remind

from .models import Application, Assessment, Decision, InformationRequest, Objection, Reclaim, Round, State

logger = logging.getLogger(__name__)
User = get_user_model()

ROUND_CLOSING_DAYS = (7, 1)
ASSESSMENT_DAYS = 3
INFORMATION_REQUEST_DAYS = 3
REPORT_DAYS = 30
RECLAIM_DAYS = 7


def _each(items, send):
    count = 0
    for item in items:
        try:
            count += send(item)
        except Exception:
            logger.exception("Reminder for %r failed; the next run tries again", item)
    return count


def _members(application):
    return User.objects.filter(memberships__organisation=application.organisation_id, is_active=True)


def _portal_url(application) -> str:
    with override("nl"):
        return reverse("portal:application_detail", args=[application.pk])


@shared_task(**SCHEDULED_RETRY)
def round_closing_reminders() -> int:
    """7 days and 1 day before a round closes: members of organisations with an unsubmitted draft."""
    today = timezone.localdate()
    sent = 0
    for days in ROUND_CLOSING_DAYS:
        rounds = [r for r in Round.objects.filter(closes_at__gt=timezone.now()) if timezone.localtime(r.closes_at).date() - today == timedelta(days=days)]  # fmt: skip
        drafts = Application.objects.filter(round__in=rounds, state=State.DRAFT).select_related("round")

        def send(application, days=days):
            closes = timezone.localtime(application.round.closes_at)
            return sum(
                remind(
                    kind="round_closing", subject=application, recipient=member, occasion=f"{days}d",
                    title=lambda: _("The round closes in %(days)s days: %(title)s") % {"days": days, "title": application.title},
                    body=lambda: _("Your draft “%(title)s” is not submitted yet. The round closes on %(date)s.")
                    % {"title": application.title, "date": date_format(closes, "j F Y H:i")},
                    url=_portal_url(application),
                ) is not None
                for member in _members(application)
            )  # fmt: skip

        sent += _each(drafts, send)
    return sent


@shared_task(**SCHEDULED_RETRY)
def assessment_reminders() -> int:
    """3 days before the round's assessment deadline: assessors who have not submitted."""
    target = timezone.localdate() + timedelta(days=ASSESSMENT_DAYS)
    open_assessments = Assessment.objects.filter(
        submitted_at__isnull=True, has_conflict=False, application__state=State.ELIGIBLE,
        application__round__assessment_deadline__isnull=False,
    ).select_related("application__round", "assessor")  # fmt: skip
    due = [
        a
        for a in open_assessments
        if timezone.localtime(a.application.round.assessment_deadline).date() == target
    ]

    def send(assessment):
        return remind(
            kind="assessment_due", subject=assessment, recipient=assessment.assessor, occasion=target.isoformat(),
            title=lambda: _("Assessment due in 3 days: %(ref)s") % {"ref": assessment.application.reference},
            body=lambda: _("Please submit your assessment of “%(title)s” by %(date)s.")
            % {"title": assessment.application.title, "date": date_format(target, "j F Y")},
            url=reverse("assessment:assess", args=[assessment.pk]),
        ) is not None  # fmt: skip

    return _each(due, send)


@shared_task(**SCHEDULED_RETRY)
def information_request_reminders() -> int:
    """3 days before an information request expires: the organisation's members."""
    target = timezone.localdate() + timedelta(days=INFORMATION_REQUEST_DAYS)
    # The last day to answer: the deadline, or the one extension of it (`InformationRequest.ends_on`).
    requests = (
        InformationRequest.objects.alias(ends_on=Coalesce("extended_until", "deadline"))
        .filter(answered_at__isnull=True, ends_on=target, application__state=State.INFORMATION_REQUESTED)
        .select_related("application")
    )

    def send(request):
        application = request.application
        return sum(
            remind(
                kind="information_request", subject=request, recipient=member, occasion=target.isoformat(),
                title=lambda: _("Complete your application %(ref)s within 3 days") % {"ref": application.reference},
                body=lambda: _("The municipality asked you to complete “%(title)s”. Please answer by %(date)s.")
                % {"title": application.title, "date": date_format(request.ends_on, "j F Y")},
                url=_portal_url(application),
            ) is not None
            for member in _members(application)
        )  # fmt: skip

    return _each(requests, send)


@shared_task(**SCHEDULED_RETRY)
def report_reminders() -> int:
    """Accountability report due in 30 days, and overdue: the organisation and the officer who decided."""
    today = timezone.localdate()
    due = Application.objects.filter(state=State.REPORT_DUE).prefetch_related("decisions__decided_by")

    def send(application):
        in_force = [d for d in application.decisions.all() if d.outcome not in Decision.KEEPS_DECISION]
        decision = max(in_force, key=lambda d: (d.decided_at, d.pk), default=None)
        if decision is None or decision.report_due_on is None:
            return 0
        if decision.report_due_on == today + timedelta(days=REPORT_DAYS):
            occasion, title = (
                "30d",
                lambda: _("Report due in 30 days: %(ref)s") % {"ref": application.reference},
            )
        elif decision.report_due_on < today:
            occasion, title = "overdue", lambda: _("Report overdue: %(ref)s") % {"ref": application.reference}
        else:
            return 0
        recipients = [*_members(application), decision.decided_by]
        return sum(
            remind(
                kind="report_due", subject=application, recipient=recipient, occasion=occasion, title=title,
                body=lambda: _("The accountability report for “%(title)s” is due on %(date)s.")
                % {"title": application.title, "date": date_format(decision.report_due_on, "j F Y")},
                url=_portal_url(application),
            ) is not None
            for recipient in recipients
        )  # fmt: skip

    return _each(due, send)


@shared_task(**SCHEDULED_RETRY)
def reclaim_reminders() -> int:
    """A reclaim to be paid back: a week before its term ends, and once when it has passed; to the organisation."""
    today = timezone.localdate()
    open_reclaims = (
        Reclaim.objects.filter(status=Reclaim.Status.OPEN)
        .filter(Q(due_on=today + timedelta(days=RECLAIM_DAYS)) | Q(due_on__lt=today))
        .select_related("application")
    )

    def send(reclaim):
        application = reclaim.application
        values = {"ref": application.reference, "amount": euro(reclaim.amount),
                  "date": date_format(reclaim.due_on, "j F Y"), "iban": settings.RECLAIM_IBAN,
                  "reference": reclaim.payment_reference}  # fmt: skip
        if reclaim.due_on < today:
            occasion, title = "overdue", lambda: _("Reclaim overdue: %(ref)s") % values
        else:
            occasion, title = f"{RECLAIM_DAYS}d", lambda: _("Reclaim due in a week: %(ref)s") % values
        return sum(
            remind(
                kind="reclaim_due", subject=reclaim, recipient=member, occasion=occasion, title=title,
                body=lambda: _("Please pay %(amount)s back by %(date)s to %(iban)s, stating payment reference "
                               "%(reference)s.") % values,
                url=_portal_url(application),
            ) is not None
            for member in _members(application)
        )  # fmt: skip

    return _each(open_reclaims, send)


@shared_task(**MAIL_RETRY)
def send_submission_confirmation(application_id: int) -> None:
    """The confirmation of receipt of a submitted application, to the member who submitted it."""
    from .services.applications import send_confirmation

    send_confirmation(application_id)


@shared_task(**MAIL_RETRY)
def send_information_request_mail(request_id: int, occasion: str) -> None:
    """The applicant's mail about an information request: made or extended (Awb 4:5)."""
    from .services.information import send_request_mail

    send_request_mail(request_id, occasion)


DECISION_TERM_DAYS = (14, 3)


def _deciding_officers(application):
    """The policy officer who last moved the application on, or, before anyone did, every policy officer."""
    from accounts.roles import POLICY_OFFICER

    officers = list(User.objects.filter(groups__name=POLICY_OFFICER, is_active=True))
    last = next((change.by for change in reversed(application.history.all()) if change.by in officers), None)
    return [last] if last else list(officers)


def _staff_url(application) -> str:
    with override("nl"):
        return reverse("staff:application_detail", args=[application.pk])


@shared_task(**SCHEDULED_RETRY)
def decision_term_reminders() -> int:
    """14 and 3 days before the decision term ends (Awb 4:13): the deciding officer."""
    from .timeline import awaits_decision, decision_due

    today = timezone.localdate()
    waiting = [state for state in State if state != State.DRAFT]
    candidates = (
        Application.objects.filter(state__in=waiting)
        .select_related("round")
        .prefetch_related("information_requests", "history__by")
    )

    def send(application):
        if not awaits_decision(application):
            return 0
        due = decision_due(application)
        days = (due - today).days
        if days not in DECISION_TERM_DAYS:
            return 0
        return sum(
            remind(
                kind="decision_due", subject=application, recipient=officer, occasion=f"{due.isoformat()}:{days}d",
                title=lambda: _("Decide on %(ref)s within %(days)s days") % {"ref": application.reference, "days": days},
                body=lambda: _("The decision term of “%(title)s” ends on %(date)s (Awb 4:13).")
                % {"title": application.title, "date": date_format(due, "j F Y")},
                url=_staff_url(application),
            ) is not None
            for officer in _deciding_officers(application)
        )  # fmt: skip

    return _each(candidates, send)


@shared_task(**MAIL_RETRY)
def send_assessor_assigned_mail(assessment_id: int) -> None:
    """An assessor was assigned an application: they are told, in their language."""
    from .mails import assessor_assigned

    assessor_assigned(assessment_id)


@shared_task(**MAIL_RETRY)
def send_objection_mail(objection_id: int, occasion: str) -> None:
    """The applicant's mail about their objection: received, or a hearing planned."""
    from .services.objection_procedure import send_objection_mail as send

    send(objection_id, occasion)


def _objection_url(objection) -> str:
    with override("nl"):
        return reverse("staff:objection", args=[objection.pk])


@shared_task(**SCHEDULED_RETRY)
def objection_term_reminders() -> int:
    """14 and 3 days before the term to decide on an objection ends (Awb 7:10): the officer who registered it."""
    today = timezone.localdate()
    targets = [today + timedelta(days=days) for days in DECISION_TERM_DAYS]
    pending = Objection.objects.filter(
        status=Objection.Status.PENDING, decision_due_on__in=targets
    ).select_related(
        "registered_by", "decision__application", "settlement__application", "reclaim__application"
    )

    def send(objection):
        due, application = objection.decision_due_on, objection.against.application
        days = (due - today).days
        return remind(
            kind="objection_decision_due", subject=objection, recipient=objection.registered_by,
            occasion=f"{due.isoformat()}:{days}d",
            title=lambda: _("Decide on the objection about %(ref)s within %(days)s days")
            % {"ref": application.reference, "days": days},
            body=lambda: _("The term to decide on the objection about “%(title)s” ends on %(date)s (Awb 7:10).")
            % {"title": application.title, "date": date_format(due, "j F Y")},
            url=_objection_url(objection),
        ) is not None  # fmt: skip

    return _each(pending, send)
