"""The forms of the two-factor login (django-two-factor-auth) in the portal's words.

The package's own forms say "token" and, at login, show django-otp's messages, which have no Dutch. These
subclasses keep its checks (the code is verified against the device, wrong codes are throttled per device)
and give the fields and errors our labels, translated with the rest of the portal.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm
from two_factor.plugins.registry import GeneratorMethod
from two_factor.utils import default_device

from . import login_limit

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
WRONG_CODE = _("This code is not correct, or it has expired. Enter the code the app shows now.")

OTP_ERRORS = {
    "token_required": _("Enter the six digits the app shows."),
    "challenge_exception": _("The code could not be sent: {0}"),
    "not_interactive": _("This device does not send codes."),
    "challenge_message": _("Code sent: {0}"),
    "invalid_token": WRONG_CODE,
    "n_failed_attempts": ngettext_lazy(
        "After %(failure_count)d wrong code, entering codes is blocked for a moment. Try again soon.",
        "After %(failure_count)d wrong codes, entering codes is blocked for a moment. Try again soon.",
        "failure_count",
    ),
    "verification_not_allowed": _("Entering codes is blocked for a moment. Try again soon."),
    "device_required": _("Choose a device."),
}


class SetupCodeForm(TOTPDeviceForm):
    """The first code from the app at setup: the device is saved only when it is right."""

    token = forms.IntegerField(
        label=_("Six-digit code from your authenticator app"),
        min_value=0,
        max_value=999999,
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    error_messages = {"invalid_token": WRONG_CODE}


class LoginCodeForm(AuthenticationTokenForm):
    """The code from the app after the password."""

    otp_token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    otp_error_messages = OTP_ERRORS


class PasswordForm(AuthenticationForm):
    """The first step of the login: the user name and password (django-axes and the soft limit count failures)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # At the soft limit an account without an app gets a code by e-mail; without an address it cannot, and the
        # password alone is not enough then (the owner waits for the window to pass, or asks the municipality).
        if not user.email and not default_device(user) and login_limit.is_exceeded(user.get_username()):
            raise ValidationError(
                _(
                    "There were many failed attempts to log in to this account, and it has no e-mail address to "
                    "send a code to. Try again in an hour, or ask the application manager to add your address."
                ),
                code="soft_limit_without_email",
            )


class MailedCodeForm(AuthenticationTokenForm):
    """The code we e-mailed after the password, when the account is at its soft limit (`accounts/login_limit.py`)."""

    otp_token = forms.RegexField(
        label=_("Six-digit code from the e-mail"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits from the e-mail.")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    otp_error_messages = {
        **OTP_ERRORS,
        "token_required": _("Enter the six digits from the e-mail."),
        "invalid_token": _(
            "This code is not correct, was used already or has expired. Enter the code from the latest e-mail."
        ),
    }

    def _chosen_device(self, user):
        # Locked while the code is checked (django-otp checks it inside a transaction), so two requests with one
        # code at the same moment cannot both use it: the code works once.
        device = self.initial_device
        return type(device).objects.select_for_update().filter(pk=device.pk, user_id=user.pk).first()


class BackupCodeForm(BackupTokenForm):
    """One of the printed backup codes, for a lost phone; each works once."""

    otp_token = forms.CharField(
        label=_("Backup code"), widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True})
    )
    otp_error_messages = {
        **OTP_ERRORS,
        "invalid_token": _("This backup code is not correct, or was used already."),
    }


class AuthenticatorAppMethod(GeneratorMethod):
    """The package's authenticator-app method (TOTP) with the forms above; the only method offered."""

    def recognize_device(self, device):
        return isinstance(device, TOTPDevice)

    def get_setup_forms(self, *args):
        return {"generator": SetupCodeForm}

    def get_token_form_class(self):
        return LoginCodeForm
