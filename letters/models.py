"""Letters (brieven) and their deliveries.

A letter is a document: its HTML is rendered once when it is issued, from the decision as it is then, and stored
with it; its PDF is made from that HTML only (at once, or by the worker after the commit), stored in private storage
with its SHA-256 and served only as stored. Nothing about it changes afterwards but the record of its sending — on
PostgreSQL a trigger refuses it (migration 0003); a correction is a new letter for a new decision (`replaces`).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import label


def _private_storage():
    from maastricht_inclusie.storage import private_storage

    return private_storage


def letter_path(instance, filename):
    return f"letters/{instance.organisation_id}/{uuid.uuid4().hex}/{filename}"


class Letter(models.Model):
    """Brief: an issued letter, one per decision (or other subject) it records."""

    kind = models.CharField(_("kind"), max_length=40)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    organisation = models.ForeignKey(
        "initiatives.Organisation",
        verbose_name=_("addressee"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )  # fmt: skip
    reference = models.CharField(_("reference"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    # The letter as issued: its HTML, fixed at the decision; the PDF is made from it once (empty until then).
    html = models.TextField(_("HTML as issued"), blank=True)
    file = models.FileField(
        _("file"), storage=_private_storage, upload_to=letter_path, max_length=300, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    # An English courtesy translation for an organisation whose contacts chose English; never the decision itself.
    translation = models.FileField(
        _("English courtesy translation"), storage=_private_storage, upload_to=letter_path, max_length=300,
        blank=True,
    )  # fmt: skip
    translation_sha256 = models.CharField(_("SHA-256 of the translation"), max_length=64, blank=True)
    translation_html = models.TextField(_("HTML of the translation as issued"), blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True,
        help_text=_("First sent; an objection term runs from the day after (Awb 6:8)."),
    )  # fmt: skip
    template = models.ForeignKey(
        "LetterTemplate", verbose_name=_("text version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="letters", help_text=_("Empty: the standard text of the kind."),
    )  # fmt: skip

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="letter_one_per_subject"),
        ]
        indexes = [models.Index(fields=["organisation", "-issued_at"], name="letter_of_organisation")]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def kind_label(self):
        return label(self.kind)

    @property
    def has_pdf(self) -> bool:
        """False while the PDF is still being made from the stored HTML (`letters.services.make_pdf`)."""
        return bool(self.sha256)

    @property
    def has_translation(self) -> bool:
        return bool(self.translation_html or self.translation)

    @property
    def filename(self) -> str:
        return f"{self.reference}-{self.kind}.pdf".replace("/", "-")

    @property
    def translation_filename(self) -> str:
        return f"{self.reference}-{self.kind}-courtesy-translation-en.pdf".replace("/", "-")


class Delivery(models.Model):
    """One sending of a letter by mail, through the outbox; a resend is a new delivery."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed, trying again")
        FAILED = "failed", _("failed")

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    recipients = models.JSONField(_("recipients"), default=list)
    message = models.ForeignKey(
        "outbox.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("reason it failed"), blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.letter} → {', '.join(self.recipients)}"

    @property
    def status(self) -> str:
        from outbox.services import MAX_FAILURES

        if self.sent_at:
            return self.Status.SENT
        if self.error:
            return self.Status.FAILED
        message = self.message
        if message is not None and message.failures:
            return self.Status.FAILED if message.failures >= MAX_FAILURES else self.Status.RETRYING
        return self.Status.QUEUED

    @property
    def reason(self) -> str:
        return self.error or (self.message.last_error if self.message else "")

    def get_status_display(self):
        return self.Status(self.status).label


class LetterTemplate(models.Model):
    """A version of the body of one kind of letter, written by a policy officer; the newest is used for the next
    letters of that kind. Versions are never changed: an edit is a new version, so the history stays."""

    kind = models.CharField(_("kind"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text of the letter"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="lettertemplate_one_per_version")
        ]

    def __str__(self):
        return f"{label(self.kind)} v{self.version}"
