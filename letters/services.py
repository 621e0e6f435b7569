"""Issuing, reading and sending letters.

`issue()` runs inside the transaction that takes the decision: the letter's HTML is rendered then, from the decision
as it is at that moment, and stored with it — its content is fixed there. Its PDF is made from that stored HTML only
(`make_pdf`, never from the live decision or organisation again): at once by default, or — for a round decision of
many letters — by the worker after the commit (outbox), and in any case before it is sent or first read. The PDF is
made once and stored in private storage with its SHA-256; the letter is queued for mailing when it is issued
(outbox, after commit). Every later download reads those bytes and checks the hash (`read`); nothing renders a
letter again.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from outbox import services as outbox

from . import bodies, registry
from .models import Delivery, Letter, LetterTemplate
from .pdf import html_to_pdf, render_html, render_pdf

logger = logging.getLogger(__name__)

# A larger letter is not attached: the mail links to it in the portal, behind the login (mail servers refuse
# large messages, and a link keeps the document where access is checked).
ATTACH_UP_TO = 5 * 1024 * 1024
PDF_FIELDS = ["file", "sha256", "size", "translation", "translation_sha256"]


class LetterDamaged(Exception):
    """The stored file no longer has the hash it was issued with."""


class LetterNotReady(Exception):
    """The letter's PDF could not be made just now (the worker or the outbox tries again)."""


@transaction.atomic
def issue(
    *, kind: str, subject, organisation, reference: str, title: str, context: dict, recipients: list[str],
    replaces: Letter | None = None, send: bool = True, pdf_now: bool = True,
) -> Letter:  # fmt: skip
    """Issue the letter of a decision (Awb 3:41: a decision takes effect when it is made known — sent — to the
    addressee): render its HTML once, from the decision as it is now, and store it — the letter's content is fixed
    at the decision — and queue it for mailing. Its PDF is made from that stored HTML: now (`pdf_now`), or by the
    worker after the commit (`pdf_now=False`: the round decision, whose many letters would hold the round's lock
    for minutes), and in any case before it is sent or read."""
    definition = registry.get(kind)
    now = timezone.now()
    template = current_template(kind)
    context = _full_context(definition, context, title=title, reference=reference, now=now)
    body = template.body if template else ""
    html = render_html(definition.template, _with_body(definition, context, body))
    english = _courtesy_translation(definition, context, template) if wants_translation(recipients) else ""
    letter = Letter(
        kind=kind, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
        organisation=organisation, replaces=replaces, reference=reference, title=title, html=html,
        translation_html=english, issued_at=now, template=template,
    )  # fmt: skip
    if pdf_now:
        _store_pdfs(letter)
    letter.save()
    if not pdf_now:
        outbox.enqueue("letters.tasks.make_letter_pdf", letter.pk)
    if send:
        _queue(letter, recipients=recipients, by=None)
    return letter


def _store_pdfs(letter: Letter) -> None:
    """Make the PDF (and the translation's) from the letter's stored HTML and put them in private storage; the
    caller saves the row."""
    pdf = html_to_pdf(letter.html)
    letter.sha256, letter.size = hashlib.sha256(pdf).hexdigest(), len(pdf)
    letter.file.save(letter.filename, ContentFile(pdf), save=False)
    if letter.translation_html:
        translation = html_to_pdf(letter.translation_html)
        letter.translation_sha256 = hashlib.sha256(translation).hexdigest()
        letter.translation.save(letter.translation_filename, ContentFile(translation), save=False)


@transaction.atomic
def make_pdf(*, letter_id: int) -> Letter:
    """Make an issued letter's PDF from its stored HTML, once: under the letter's row lock, so the worker, a sending
    and a download at the same moment make it once; a letter that has its PDF is left as it is (and PostgreSQL
    refuses to change it, letters migration 0003)."""
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.sha256:
        return letter
    if not letter.html:
        raise LetterDamaged(letter.pk)  # neither a PDF nor the HTML to make one from: nothing can be served
    _store_pdfs(letter)
    letter.save(update_fields=PDF_FIELDS)
    return letter


def _ensure_pdf(letter: Letter) -> None:
    """Make the letter's PDF now if the worker has not yet, and take its fields into `letter`."""
    if letter.sha256:
        return
    try:
        made = make_pdf(letter_id=letter.pk)
    except LetterDamaged:
        raise
    except (
        Exception
    ) as error:  # WeasyPrint, storage: whoever asked is told to try later, never a server error
        logger.exception("The PDF of letter %s could not be made now", letter.pk)
        raise LetterNotReady(letter.pk) from error
    for name in PDF_FIELDS:
        setattr(letter, name, getattr(made, name))


def wants_translation(recipients: list[str]) -> bool:
    """An English courtesy translation goes with the letter when a person it is sent to chose English."""
    addresses = [address.strip() for address in recipients if address and address.strip()]
    if not addresses:
        return False
    query = Q()
    for address in addresses:
        query |= Q(email__iexact=address)
    return get_user_model().objects.filter(query, is_active=True, language="en").exists()


def _courtesy_translation(definition, context: dict, template) -> str:
    """The HTML of the English courtesy translation of a letter (the Dutch one is binding and says what the decision
    is; this one says first that it is only a translation). It uses the kind's standard English text, also when an
    officer wrote the Dutch text, and says so."""
    try:
        get_template(definition.translation_template)
    except TemplateDoesNotExist:
        logger.warning("Letter kind %s has no English courtesy translation", definition.name)
        return ""
    with override("en"):
        label = str(definition.label)
    english = {
        **context, "translation_label": label,
        "translation_title": _t_title(label, context["reference"]), "body": bool(template),
    }  # fmt: skip
    return render_html(definition.translation_template, english, language="en")


def _t_title(label: str, reference: str) -> str:
    return f"{label[:1].upper()}{label[1:]} {reference}: courtesy translation"


def _full_context(definition, context: dict, *, title: str, reference: str, now) -> dict:
    return {
        **context, "kind": definition, "remedy": definition.remedy, "title": title, "reference": reference,
        "issued_at": now, "municipality": settings.MUNICIPALITY_NAME, "letterhead": settings.LETTERHEAD,
    }  # fmt: skip


def _with_body(definition, context: dict, body: str) -> dict:
    """The context with the officer's text (`body`) filled in, when the kind has one; else the standard text."""
    if not body:
        return context
    # A block the issuing app gives as a function is rendered here, with the letter's whole context — its kind
    # included — as the standard text renders it (seen: an edited set-aside letter cited title 4.2, not 4:5).
    variables = {
        name: value(context) if callable(value) else value
        for name, value in context.get("variables", {}).items()
    }
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


def read(letter: Letter, *, translation: bool = False) -> bytes:
    """The letter's bytes as issued (or those of its courtesy translation), its PDF made first from the stored HTML
    if the worker has not made it yet; LetterDamaged when the stored file does not match its hash."""
    _ensure_pdf(letter)
    file, expected = (
        (letter.translation, letter.translation_sha256) if translation else (letter.file, letter.sha256)
    )
    with file.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != expected:
        logger.error("Letter %s does not match its SHA-256; it is not served", letter.pk)
        raise LetterDamaged(letter.pk)
    return data


def send(delivery_id: int) -> bool:
    """Mail one delivery with the letter attached (in the worker, through the outbox; a failure raises, and the
    outbox tries again later), with its English courtesy translation when it has one; a letter whose PDF is not
    made yet gets it first. Sending a delivery that was sent already does nothing."""
    delivery = Delivery.objects.select_for_update().select_related("letter").get(pk=delivery_id)
    if delivery.sent_at:
        return False
    letter = delivery.letter
    data = read(letter)  # made first from the stored HTML when the worker has not made it yet
    translation = read(letter, translation=True) if letter.has_translation else None
    attached = len(data) + len(translation or b"") <= ATTACH_UP_TO
    message = EmailMessage(to=delivery.recipients)
    with override("nl"):
        message.subject = _("Letter from %(municipality)s: %(title)s") % {
            "municipality": settings.MUNICIPALITY_NAME, "title": letter.title,
        }  # fmt: skip
        message.body = _mail_text(letter, attached)
    if translation:
        with override("en"):
            message.body += "\n\n---\n\n" + _mail_text(letter, attached, translated=True)
    if attached:
        message.attach(letter.filename, data, "application/pdf")
        if translation:
            message.attach(letter.translation_filename, translation, "application/pdf")
    message.send()
    now = timezone.now()
    delivery.sent_at = now
    delivery.save(update_fields=["sent_at"])
    Letter.objects.filter(pk=letter.pk, sent_at__isnull=True).update(sent_at=now)
    return True


def _mail_text(letter: Letter, attached: bool, *, translated: bool = False) -> str:
    """The mail's text in the active language: the letter attached (or, too large, a link to it in the portal)."""
    url = settings.SITE_URL + (
        reverse("portal:letters") if attached else reverse("portal:letter", args=[letter.pk])
    )
    text = (
        _("Attached is our letter “%(title)s” (reference %(reference)s). You also find it, with all our letters "
          "to you, in the portal: %(url)s") if attached else
        _("Our letter “%(title)s” (reference %(reference)s) is too large to attach. Log in to the portal to "
          "read and download it: %(url)s")
    ) % {"title": letter.title, "reference": letter.reference, "url": url}  # fmt: skip
    if translated:
        text += " " + _(
            "An English courtesy translation is attached as well; the Dutch letter is the binding decision."
        )
    return _("Dear Sir or Madam,\n\n%(text)s\n\nKind regards,\n%(municipality)s") % {
        "text": text, "municipality": settings.MUNICIPALITY_NAME,
    }  # fmt: skip
