"""Issuing, reading and sending letters.

`issue()` runs inside the transaction that takes the decision: the letter is rendered then, from the decision as
it is at that moment, stored in private storage with its SHA-256 and queued for mailing (outbox, after commit).
Every later download reads those bytes and checks the hash (`read`); nothing renders a letter again.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from outbox import services as outbox

from . import bodies, registry
from .models import Delivery, Letter, LetterTemplate
from .pdf import render_html, render_pdf

logger = logging.getLogger(__name__)

# A larger letter is not attached: the mail links to it in the portal, behind the login (mail servers refuse
# large messages, and a link keeps the document where access is checked).
ATTACH_UP_TO = 5 * 1024 * 1024


class LetterDamaged(Exception):
    """The stored file no longer has the hash it was issued with."""


@transaction.atomic
def issue(
    *, kind: str, subject, organisation, reference: str, title: str, context: dict, recipients: list[str],
    replaces: Letter | None = None, send: bool = True,
) -> Letter:  # fmt: skip
    """Issue the letter of a decision (Awb 3:41: a decision takes effect when it is made known — sent — to the
    addressee): render it once, store it with its hash and queue it for mailing."""
    definition = registry.get(kind)
    now = timezone.now()
    template = current_template(kind)
    context = _full_context(definition, context, title=title, reference=reference, now=now)
    pdf = render_pdf(definition.template, _with_body(definition, context, template.body if template else ""))
    letter = Letter(
        kind=kind, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
        organisation=organisation, replaces=replaces, reference=reference, title=title,
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), issued_at=now, template=template,
    )  # fmt: skip
    letter.file.save(letter.filename, ContentFile(pdf), save=False)
    letter.save()
    if send:
        _queue(letter, recipients=recipients, by=None)
    return letter


def _full_context(definition, context: dict, *, title: str, reference: str, now) -> dict:
    return {
        **context, "kind": definition, "remedy": definition.remedy, "title": title, "reference": reference,
        "issued_at": now, "municipality": settings.MUNICIPALITY_NAME, "letterhead": settings.LETTERHEAD,
    }  # fmt: skip


def _with_body(definition, context: dict, body: str) -> dict:
    """The context with the officer's text (`body`) filled in, when the kind has one; else the standard text."""
    if not body:
        return context
    variables = dict(context.get("variables", {}))
    if definition.remedy:
        variables[registry.REMEDY_VARIABLE] = render_html(f"letters/remedy/{definition.remedy}.html", context)
    return {**context, "body": bodies.render(body, variables)}


def current_template(kind: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(kind=kind).order_by("-version").first()


def _check(definition, body: str) -> None:
    errors = bodies.problems(body, variables=definition.markers(), required=definition.all_required())
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_template(*, kind: str, body: str, by) -> LetterTemplate:
    """Save a new version of a kind's text, used from the next letter on. Refused when it lacks a mandatory part
    (the remedy clause, Awb 3:45; the reasons, Awb 3:47; what the kind adds) or names an unknown variable."""
    definition = registry.get(kind)
    _check(definition, body)
    # Lock the kind's versions so two officers saving at once get consecutive numbers.
    latest = LetterTemplate.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    return LetterTemplate.objects.create(
        kind=kind, version=(latest.version + 1) if latest else 1, body=body.strip(), created_by=by
    )


def preview(*, kind: str, body: str, title: str, reference: str, context: dict) -> bytes:
    """The PDF a text would give for a real subject, without storing or sending anything."""
    definition = registry.get(kind)
    _check(definition, body)
    context = _full_context(definition, context, title=title, reference=reference, now=timezone.now())
    return render_pdf(definition.template, _with_body(definition, context, body))


def _queue(letter: Letter, *, recipients: list[str], by) -> Delivery:
    recipients = sorted({address.strip().lower() for address in recipients if address and address.strip()})
    delivery = Delivery.objects.create(letter=letter, recipients=recipients, queued_by=by)
    if not recipients:
        delivery.error = _("The organisation has no e-mail address to send the letter to.")
        delivery.save(update_fields=["error"])
        return delivery
    delivery.message = outbox.enqueue("letters.tasks.send_letter", delivery.pk)
    delivery.save(update_fields=["message"])
    return delivery


@transaction.atomic
def resend(*, letter: Letter, recipients: list[str], by) -> Delivery:
    """Send the stored letter again (a new delivery, the same bytes), e.g. after a failure or on request."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    read(letter)  # a damaged letter is not sent
    if not [address for address in recipients if address and address.strip()]:
        raise ValidationError(_("The organisation has no e-mail address to send the letter to."))
    return _queue(letter, recipients=recipients, by=by)


def read(letter: Letter) -> bytes:
    """The letter's bytes as issued; LetterDamaged when the stored file does not match its hash."""
    with letter.file.open("rb") as file:
        data = file.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        logger.error("Letter %s does not match its SHA-256; it is not served", letter.pk)
        raise LetterDamaged(letter.pk)
    return data


def send(delivery_id: int) -> bool:
    """Mail one delivery with the letter attached (in the worker, through the outbox; a failure raises, and the
    outbox tries again later). Sending a delivery that was sent already does nothing."""
    delivery = Delivery.objects.select_for_update().select_related("letter").get(pk=delivery_id)
    if delivery.sent_at:
        return False
    letter = delivery.letter
    data = read(letter)
    attached = len(data) <= ATTACH_UP_TO
    with override("nl"):
        url = settings.SITE_URL + (
            reverse("portal:letter", args=[letter.pk]) if not attached else reverse("portal:letters")
        )
        text = (
            _("Attached is our letter “%(title)s” (reference %(reference)s). You also find it, with all our letters "
              "to you, in the portal: %(url)s") if attached else
            _("Our letter “%(title)s” (reference %(reference)s) is too large to attach. Log in to the portal to "
              "read and download it: %(url)s")
        ) % {"title": letter.title, "reference": letter.reference, "url": url}  # fmt: skip
        message = EmailMessage(
            subject=_("Letter from %(municipality)s: %(title)s")
            % {"municipality": settings.MUNICIPALITY_NAME, "title": letter.title},
            body=_("Dear Sir or Madam,\n\n%(text)s\n\nKind regards,\n%(municipality)s")
            % {"text": text, "municipality": settings.MUNICIPALITY_NAME},
            to=delivery.recipients,
        )
    if attached:
        message.attach(letter.filename, data, "application/pdf")
    message.send()
    now = timezone.now()
    delivery.sent_at = now
    delivery.save(update_fields=["sent_at"])
    Letter.objects.filter(pk=letter.pk, sent_at__isnull=True).update(sent_at=now)
    return True
