"""The append-only access log of the key-person network."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processing import ACCOUNTABILITY, Processing


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessLog(models.Model):
    """Toegangslog: who read or changed which key-person record, when, and which key persons the page showed.

    Append-only: rows are never changed or deleted, in code and on PostgreSQL by triggers that also refuse
    TRUNCATE. The only rows that ever go are those older than five years, removed by the retention purge
    (the database function keypersons_purge_access_log(), called by a daily task), which logs itself.
    Holds ids and codes, never names.
    """

    class What(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("viewed a list")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")
        PURGE = "purge", _("removed after the retention period")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the scheduled tasks of the system."),
    )
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    object_type = models.CharField(_("record type"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    detail = models.CharField(
        _("detail"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("Written by the portal itself, never a name: for example how many rows a purge removed."),
    )

    objects = AccessLogQuerySet.as_manager()

    processing = Processing(
        _("Accounting for every read and change of key-person data."),
        ACCOUNTABILITY,
        _("5 years; then removed by the retention purge, which is logged itself."),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.what} {self.object_type} {self.object_id or ''}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")


class ShownPerson(models.Model):
    """One key person a logged page showed by name: so a person's export can say who saw them, and where.

    Append-only like the access log, and purged with it. Holds the person's id, not a link: the log outlives
    everything it mentions.
    """

    entry = models.ForeignKey(
        AccessLog, verbose_name=_("access log entry"), on_delete=models.PROTECT, related_name="shown"
    )
    key_person_id = models.PositiveBigIntegerField(_("key person (id)"), db_index=True)

    objects = AccessLogQuerySet.as_manager()

    processing = Processing(
        _("Knowing on which pages each key person's name was shown, and to whom."),
        ACCOUNTABILITY,
        _("5 years, with the access log entry it belongs to."),
    )

    class Meta:
        ordering = ["entry", "key_person_id"]
        verbose_name = _("key person shown")
        verbose_name_plural = _("key persons shown")

    def __str__(self):
        return f"{self.entry_id}: {self.key_person_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")
