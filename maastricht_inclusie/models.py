import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff of the municipality or a member of an organisation."""

    class ReminderDelivery(models.TextChoices):
        IMMEDIATE = "immediate", _("immediately, one e-mail per reminder")
        DIGEST = "digest", _("once a day, in one digest")

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
        help_text=_("The language of the e-mails you receive."),
    )
    reminder_delivery = models.CharField(
        _("reminders"),
        max_length=10,
        choices=ReminderDelivery.choices,
        blank=True,
        help_text=_(
            "Empty means the default: a daily digest for municipal staff, immediate e-mails for everyone else."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_municipal_staff(self) -> bool:
        """Django staff, or one of the municipality's roles (officers, assessors, the network)."""
        from .roles import STAFF_ROLES

        return self.is_staff or self.has_role(*STAFF_ROLES)

    @property
    def wants_digest(self) -> bool:
        if self.reminder_delivery:
            return self.reminder_delivery == self.ReminderDelivery.DIGEST
        return self.is_municipal_staff

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds one of the named roles (Django groups).

        The group names are read once per user object (in practice: once per request, where the
        middleware, the context processor and the permission checks all ask).
        """
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return not self._role_names.isdisjoint(roles)


class Reminder(models.Model):
    """One reminder to one person about one thing on one occasion; the unique constraint makes
    sending idempotent: a retried task, a beat that fires twice or two workers write it once."""

    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    subject_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    occasion = models.CharField(_("occasion"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "occasion"], name="reminder_once"
            )
        ]

    def __str__(self):
        return self.title


def export_path(instance, filename):
    return f"exports/{instance.user_id}/{instance.pk}/{filename}"


def _private_storage():
    from .storage import private_storage

    return private_storage


class ExportJob(models.Model):
    """A report export made in the background; only the user who asked can download it, for 7 days."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("Excel (XLSX)")
        PDF = "pdf", "PDF"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("report"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    file = models.FileField(
        _("file"), storage=_private_storage, upload_to=export_path, max_length=300, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["expires_at"], name="export_expires")]

    def __str__(self):
        return f"{self.title} ({self.format})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(self.rows_done * 100 / self.rows_total))

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
