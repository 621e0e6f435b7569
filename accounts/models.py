from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import GenerateNotAllowed
from django_otp.plugins.otp_email.models import EmailDevice


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


class FailedLogin(models.Model):
    """A failed login to a user name, from any address: what the per-account soft limit counts
    (`accounts/login_limit.py`). No address is kept here (django-axes keeps those for its own lockout)."""

    username = models.CharField(_("user name"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [models.Index(fields=["username", "at"], name="failedlogin_username_at")]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class MailedCodeDevice(EmailDevice):
    """django-otp's e-mail device for one login at the soft limit: a one-time code, mailed through the outbox.

    One per login (not per user), so someone who guessed the password and tries codes throttles only their own
    device, never the owner's. It is not a second factor of the account: it is never confirmed (so it is never the
    device the app asks for) and a login with it does not count as verified (`accounts.views.LoginView.done`).
    """

    class Meta:
        proxy = True
        verbose_name = _("mailed login code")
        verbose_name_plural = _("mailed login codes")

    def generate_is_allowed(self):
        # At most one code a minute per account, whichever login asks: nobody floods the owner's mailbox.
        allowed, data = super().generate_is_allowed()
        if allowed:
            since = timezone.now() - timedelta(seconds=self.get_cooldown_duration())
            others = type(self).objects.filter(user_id=self.user_id, last_generated_timestamp__gt=since)
            latest = others.exclude(pk=self.pk).order_by("-last_generated_timestamp").first()
            if latest is not None:
                return False, {
                    "reason": GenerateNotAllowed.COOLDOWN_DURATION_PENDING,
                    "next_generation_at": latest.last_generated_timestamp
                    + timedelta(seconds=self.get_cooldown_duration()),
                }
        return allowed, data

    def send_mail(self, body, **kwargs):
        """The package's hook for delivery: the worker mails the code (to the account's own address, never
        another), after the commit and again until it is sent; the code itself is not written into the outbox."""
        from outbox import services as outbox

        outbox.enqueue("accounts.tasks.send_login_code", self.pk)
