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
        _("reminders"), max_length=10, choices=ReminderDelivery.choices, default=ReminderDelivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds one of the named roles (Django groups)."""
        return any(group.name in roles for group in self.groups.all())
