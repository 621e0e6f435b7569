"""Reminders: written once per (kind, subject, recipient, occasion), e-mailed at once or in a daily digest.

Each reminder is written in the recipient's language. The app that knows what is due calls
`remind()` per item from its own task; this module only stores and delivers.
"""

import logging

from django.conf import settings
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
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    if reminder.emailed_at or not reminder.recipient.email:
        return
    _send(reminder.recipient, reminder.title, [reminder])
    Reminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())


def send_digests() -> int:
    """One e-mail per user with a daily digest, listing their reminders not yet e-mailed."""
    sent = 0
    waiting = Reminder.objects.filter(emailed_at__isnull=True).select_related("recipient")
    by_user: dict[int, list[Reminder]] = {}
    for reminder in waiting:
        by_user.setdefault(reminder.recipient_id, []).append(reminder)
    # Immediate reminders whose e-mail failed are picked up here too, as a daily retry.
    for reminders in by_user.values():
        recipient = reminders[0].recipient
        if not recipient.email:
            continue
        try:
            with override(recipient.language):
                subject = _("Your reminders from Maastricht Inclusie")
            _send(recipient, subject, reminders)
        except Exception:
            logger.exception("Digest to user %s failed; it is tried again tomorrow", recipient.pk)
            continue
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(emailed_at=timezone.now())
        sent += 1
    return sent
