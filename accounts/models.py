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

    # Raised to end every session of this user at once (a removed second factor): each session keeps a hash of
    # the password and this number, and Django logs out a session whose hash no longer matches the user's.
    session_generation = models.PositiveIntegerField(_("sessions ended"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_session_auth_hash(self):
        return self._with_generation(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for fallback in super().get_session_auth_fallback_hash():
            yield self._with_generation(fallback)

    def _with_generation(self, password_hash: str) -> str:
        # Generation 0 keeps Django's own hash, so the sessions from before this field stay valid.
        return f"{password_hash}:{self.session_generation}" if self.session_generation else password_hash

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
