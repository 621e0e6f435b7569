"""A key person's rights (AVG art. 15–21) and the retention review: what was asked, decided and changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .people import KeyPerson
from .processing import ACCOUNTABILITY, Processing


def _private_storage():
    from maastricht_inclusie.storage import private_storage

    return private_storage


def copy_path(instance, filename):
    return f"keypersons/rights/{instance.key_person_id}/{filename}"


class RightsRequest(models.Model):
    """Verzoek van een betrokkene: what a key person asked (access, rectification, restriction, objection),
    when it was received, what was decided and why. The copy of an access request is stored once, as issued."""

    class Right(models.TextChoices):
        ACCESS = "access", _("access (AVG art. 15)")
        RECTIFICATION = "rectification", _("rectification (AVG art. 16)")
        RESTRICTION = "restriction", _("restriction of processing (AVG art. 18)")
        OBJECTION = "objection", _("objection (AVG art. 21)")

    class Outcome(models.TextChoices):
        GRANTED = "granted", pgettext_lazy("request", "granted")
        REFUSED = "refused", _("refused: compelling legitimate grounds")
        LIFTED = "lifted", _("restriction lifted")

    key_person = models.ForeignKey(
        KeyPerson, verbose_name=_("key person"), on_delete=models.PROTECT, related_name="rights_requests"
    )
    right = models.CharField(_("right"), max_length=15, choices=Right.choices)
    received_on = models.DateField(_("received on"))
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    grounds = models.TextField(_("grounds"), blank=True)
    copy_json = models.FileField(
        _("copy (JSON)"), storage=_private_storage, upload_to=copy_path, max_length=300, blank=True
    )
    copy_pdf = models.FileField(
        _("copy (PDF)"), storage=_private_storage, upload_to=copy_path, max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    processing = Processing(
        _("Handling the requests of key persons about their data, and proving how they were handled."),
        ACCOUNTABILITY,
        _("As long as the key person's record exists; the issued copy is deleted on erasure."),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("request about personal data")
        verbose_name_plural = _("requests about personal data")

    def __str__(self):
        return f"{self.get_right_display()} ({self.received_on:%d-%m-%Y})"


class Rectification(models.Model):
    """Rechtzetting (AVG art. 16): one corrected detail, with what it was and what it became."""

    class Field(models.TextChoices):
        NAME = "name", _("name")
        EMAIL = "email", _("e-mail address")
        PHONE = "phone", _("telephone")
        LANGUAGES = "languages", _("languages")
        POSITION = "position", pgettext_lazy("key person", "position")

    request = models.ForeignKey(
        RightsRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="rectifications"
    )
    field = models.CharField(_("detail"), max_length=10, choices=Field.choices)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)

    processing = Processing(
        _("The history of corrections a key person asked for."),
        ACCOUNTABILITY,
        _("With the request; the values are emptied on erasure."),
    )

    class Meta:
        ordering = ["request", "pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return self.get_field_display()


class RetentionReview(models.Model):
    """Bewaartermijnbeoordeling (AVG art. 5(1)(e)): after two years without contact the director decides to keep
    the record for another period, with a reason; a record nobody reviewed is pseudonymised three months later."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("kept for another period")
        PSEUDONYMISED = "pseudonymised", _("pseudonymised: not reviewed in time")

    key_person = models.ForeignKey(
        KeyPerson, verbose_name=_("key person"), on_delete=models.PROTECT, related_name="retention_reviews"
    )
    decision = models.CharField(_("decision"), max_length=15, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the scheduled tasks of the system."),
    )

    processing = Processing(
        _("Reviewing whether a record without recent contact is still needed."),
        ACCOUNTABILITY,
        _("As long as the key person's record exists."),
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decided_on:%d-%m-%Y})"
