"""The information text a person is given before anything is kept about them (AVG art. 13 and 14)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processing import PUBLIC_TASK, Processing


class InformationText(models.Model):
    """Informatietekst (AVG art. 14): what the network tells a person it keeps about them, why and their rights.

    Versioned and never edited: a change is a new version (services/informing.py), and every person's record says
    which version they were given, so what they were told can always be shown and printed again.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    processing = Processing(
        _("Informing key persons and prospects about the processing (AVG art. 14)."),
        PUBLIC_TASK,
        _("Every version is kept, as people were informed with it."),
        personal=False,
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("information text")
        verbose_name_plural = _("information texts")

    def __str__(self):
        return _("Information text, version %(version)s") % {"version": self.version}

    def get_absolute_url(self):
        return reverse("network:information_text_pdf", args=[self.version])
