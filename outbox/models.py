from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """A task to run because something was changed: written in the same transaction as the change.

    It is handed to the worker after the commit and again by the beat until a worker has run it
    (`delivered_at`), so a broker that is down delays the work but never loses it.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("last handed to the worker"), null=True, blank=True)
    dispatches = models.PositiveIntegerField(_("times handed to the worker"), default=0)
    delivered_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed runs"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_waiting", condition=models.Q(delivered_at__isnull=True)
            )
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"
