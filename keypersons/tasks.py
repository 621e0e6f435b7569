"""Key-person reminders for the director, and the daily removal of profiles whose consent expired.

Reminders never carry names, notes or descriptions: e-mail leaves the workspace, so it only says
that something is due and links to the page in /netwerk/ (where reading it is logged).
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.roles import DIRECTOR
from maastricht_inclusie.celery import MAIL_RETRY, SCHEDULED_RETRY
from reminders.services import remind

from . import queries, services
from .models import Action, Consent, Escalation, KeyPerson, Signal, SignalState, Tie

logger = logging.getLogger(__name__)

CONSENT_DAYS = 30


def _directors():
    return list(get_user_model().objects.filter(groups__name=DIRECTOR, is_active=True))


def _url(name: str, pk: int) -> str:
    with override("nl"):
        return reverse(name, args=[pk])


def _to_directors(**reminder) -> int:
    return sum(remind(recipient=user, **reminder) is not None for user in _directors())


def _each(items, send) -> int:
    count = 0
    for item in items:
        try:
            count += send(item)
        except Exception:
            logger.exception(
                "Key-person reminder for %s %s failed; the next run tries again", type(item).__name__, item.pk
            )
    return count


@shared_task(**SCHEDULED_RETRY)
def action_reminders() -> int:
    """Actions due tomorrow, and overdue ones (once): the director and the action's owner."""
    today = timezone.localdate()
    actions = (
        Action.objects.filter(done_on__isnull=True, due_on__lte=today + timedelta(days=1))
        .exclude(key_person__restricted_at__isnull=False)  # kept, not used (AVG art. 18)
        .select_related("owner")
    )

    def send(action):
        overdue = action.due_on < today
        if not overdue and action.due_on != today + timedelta(days=1):
            return 0  # due today: it had its reminder yesterday and is overdue from tomorrow
        url = _url("network:signal_detail", action.signal_id) if action.signal_id else _url("network:person_detail", action.key_person_id)  # fmt: skip
        due = action.due_on
        recipients = {user.pk: user for user in [*_directors(), action.owner]}
        return sum(
            remind(
                kind="keyperson_action", subject=action, recipient=user,
                occasion="overdue" if overdue else f"due-{due.isoformat()}",
                title=(lambda: _("A network action is overdue")) if overdue else (lambda: _("A network action is due tomorrow")),
                body=lambda: _("An action in the key-person network was due on %(date)s. Open it in the network workspace.")
                % {"date": date_format(due, "j F Y")},
                url=url,
            ) is not None
            for user in recipients.values()
        )  # fmt: skip

    return _each(actions, send)


@shared_task(**SCHEDULED_RETRY)
def consent_expiry_reminders() -> int:
    """Consent that expires within 30 days: the director, once per consent."""
    today = timezone.localdate()
    expiring = Consent.objects.filter(
        withdrawn_on__isnull=True, given_on__lte=today, expires_on__gt=today,
        expires_on__lte=today + timedelta(days=CONSENT_DAYS), key_person__erased_at__isnull=True,
        key_person__restricted_at__isnull=True,
    )  # fmt: skip
    # A newer consent that lasts longer makes the reminder pointless.
    newer = Consent.objects.filter(
        key_person=OuterRef("key_person"), withdrawn_on__isnull=True, expires_on__gt=OuterRef("expires_on")
    )
    expiring = expiring.exclude(Exists(newer)).select_related("key_person")

    def send(consent):
        person, expires = consent.key_person, consent.expires_on
        return _to_directors(
            kind="keyperson_consent", subject=person, occasion=f"consent-{consent.pk}",
            title=lambda: _("A key person's consent expires soon"),
            body=lambda: _("The consent of a key person expires on %(date)s. Ask them to renew it, or their "
                           "profile and ties are removed on that day.") % {"date": date_format(expires, "j F Y")},
            url=_url("network:person_detail", person.pk),
        )  # fmt: skip

    return _each(expiring, send)


@shared_task(**SCHEDULED_RETRY)
def retention_review_reminders() -> int:
    """Key persons without contact (or review) for 2 years (AVG art. 5(1)(e)): the director reviews them."""
    today = timezone.localdate()

    def send(due):
        since, deadline = due.since, due.pseudonymise_on
        with override("nl"):
            url = reverse("network:retention_review")
        return _to_directors(
            kind="keyperson_retention", subject=due.person, occasion=f"review-{since.isoformat()}",
            title=lambda: _("Retention review: a key person without contact for two years"),
            body=lambda: _("A key person has had no contact since %(date)s. Decide whether to keep their record or "
                           "erase it; without a decision it is pseudonymised on %(deadline)s.")
            % {"date": date_format(since, "j F Y"), "deadline": date_format(deadline, "j F Y")},
            url=url,
        )  # fmt: skip

    return _each(queries.retention.due_for_review(today), send)


@shared_task(**SCHEDULED_RETRY)
def pseudonymise_unreviewed() -> int:
    """Records whose retention review is three months overdue are pseudonymised (AVG art. 5(1)(e))."""

    def pseudonymise(person):
        services.pseudonymise_key_person(person=person, by=None)
        return 1

    return _each(queries.retention.to_pseudonymise(), pseudonymise)


@shared_task(**SCHEDULED_RETRY)
def purge_access_log() -> int:
    """Remove access log rows older than five years, the one way rows ever leave the log.

    The database does the deleting, in keypersons_purge_access_log(): a function owned by the role that owns the
    table, which the portal's own role may call but not change; it writes a row of its own about the purge. On
    SQLite (development only) nothing is purged.
    """
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT keypersons_purge_access_log()")
        (removed,) = cursor.fetchone()
    logger.info("Access log purge removed %s rows older than five years", removed)
    return removed


@shared_task(**SCHEDULED_RETRY)
def remove_expired_profiles() -> int:
    """Consent expired: remove the profile and ties, as on withdrawal (AVG art. 9(2)(a) no longer applies)."""
    today = timezone.localdate()
    valid = Consent.objects.filter(
        key_person=OuterRef("pk"), withdrawn_on__isnull=True, given_on__lte=today, expires_on__gt=today
    )
    has_ties = Tie.objects.filter(Q(key_person=OuterRef("pk")) | Q(other_person=OuterRef("pk")))
    holding = (
        KeyPerson.objects.filter(erased_at__isnull=True)
        .exclude(Exists(valid))
        .filter(
            Q(neighbourhoods__isnull=False) | Q(domains__isnull=False) | ~Q(languages="") | ~Q(position="")
            | Exists(has_ties)
        )
        .distinct()
    )  # fmt: skip

    def strip(person):
        services.remove_expired_profile(person=person, by=None)
        return 1

    return _each(holding, strip)


@shared_task(**SCHEDULED_RETRY)
def signal_response_reminders() -> int:
    """Signals still new after their response deadline: their owner and the director, once per signal."""
    today = timezone.localdate()
    signals = Signal.objects.filter(state=SignalState.NEW, respond_by__lt=today).select_related("owner")

    def send(signal):
        recipients = {user.pk: user for user in [*_directors(), *([signal.owner] if signal.owner else [])]}
        due = signal.respond_by
        return sum(
            remind(
                kind="keyperson_signal_response", subject=signal, recipient=user, occasion=f"overdue-{due.isoformat()}",
                title=lambda: _("A signal is waiting for a response"),
                body=lambda: _("A signal of tension should have been assessed by %(date)s. Open it in the network workspace.")
                % {"date": date_format(due, "j F Y")},
                url=_url("network:signal_detail", signal.pk),
            ) is not None
            for user in recipients.values()
        )  # fmt: skip

    return _each(signals, send)


@shared_task(**MAIL_RETRY)
def send_escalation_mail(escalation_id: int) -> None:
    """Mail an escalated signal to the partner's contact: place, theme, severity and summary, never a name."""
    escalation = Escalation.objects.select_related("signal__neighbourhood", "signal__theme", "partner").get(
        pk=escalation_id
    )
    signal = escalation.signal
    with override("nl"):
        body = render_to_string(
            "keypersons/mail/escalation.txt", {"signal": signal, "escalation": escalation}
        )
        subject = _("Signal of tension in %(neighbourhood)s") % {"neighbourhood": signal.neighbourhood}
    send_mail(str(subject), body, None, [escalation.sent_to])
