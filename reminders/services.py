"""Reminders: written once per (kind, subject, recipient, occasion), e-mailed at once or in a daily digest.

Each reminder is written in the recipient's language. The app that knows what is due calls
`remind()` per item from its own task; this module only stores and delivers.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Reminder
from .registry import KINDS

logger = logging.getLogger(__name__)


def remind(*, kind: str, subject, recipient, occasion: str, title, body, url: str = "") -> Reminder | None:
    """Store the reminder unless it exists already; returns it when new, None when it was sent before.

    `title` and `body` are lazy translations or callables of no arguments, rendered in the recipient's language.
    `kind` must be registered (`registry.register`) by the app that sends it.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of reminder {kind!r}: register it in the app's AppConfig.ready().")
    with override(recipient.language):
        title_text = str(title() if callable(title) else title)
        body_text = str(body() if callable(body) else body)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind,
                recipient=recipient,
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                occasion=occasion,
                title=title_text[:200],
                body=body_text,
                url=url,
            )
    except IntegrityError:
        return None
    if not recipient.wants_digest:
        # robust: a failing mail server must not fail the caller; the daily digest run retries it.
        transaction.on_commit(lambda: send_immediately(reminder.pk), robust=True)
    return reminder


def _send(recipient, subject: str, reminders: list[Reminder]) -> None:
    with override(recipient.language):
        context = {"user": recipient, "reminders": reminders, "site_url": settings.SITE_URL}
        text = render_to_string("emails/reminders.txt", context)
        html = render_to_string("emails/reminders.html", context)
    message = EmailMultiAlternatives(subject, text, None, [recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_immediately(reminder_id: int) -> None:
    """E-mail one reminder now. The row is locked while it is sent, so a digest run cannot send it too."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=reminder_id, emailed_at__isnull=True)
            .first()
        )
        if reminder is None or not reminder.recipient.email:
            return
        _send(reminder.recipient, reminder.title, [reminder])
        Reminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())


def send_digests() -> int:
    """One e-mail per user with a daily digest, listing their reminders not yet e-mailed.

    Safe to run twice at once (a beat that fires twice, two workers): each person is locked while their digest is
    sent and their reminders marked, and a run that finds them locked leaves them to the other.
    Immediate reminders whose e-mail failed are picked up here too, as a daily retry.
    """
    sent = 0
    recipients = (
        Reminder.objects.filter(emailed_at__isnull=True).values_list("recipient_id", flat=True).distinct()
    )
    for recipient_id in list(recipients):
        try:
            sent += _send_digest(recipient_id)
        except Exception:
            logger.exception("Digest to user %s failed; it is tried again tomorrow", recipient_id)
    return sent


def _send_digest(recipient_id: int) -> int:
    # The person is locked, not their reminders one by one: two runs could otherwise each lock a part of
    # the same person's reminders and send them two half digests.
    with transaction.atomic():
        recipient = (
            get_user_model().objects.select_for_update(skip_locked=True).filter(pk=recipient_id).first()
        )
        if recipient is None or not recipient.email:
            return 0  # another run is sending this person's digest now (or there is nowhere to send it)
        reminders = list(
            Reminder.objects.select_for_update()
            .filter(recipient_id=recipient_id, emailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not reminders:
            return 0
        with override(recipient.language):
            subject = _("Your reminders from Maastricht Inclusie")
        _send(recipient, subject, reminders)
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(emailed_at=timezone.now())
    return 1
