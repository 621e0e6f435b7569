"""The forms of the two-factor login (django-two-factor-auth) in the portal's words.

The package's own forms say "token" and, at login, show django-otp's messages, which have no Dutch. These
subclasses keep its checks (the code is verified against the device, wrong codes are throttled per device)
and give the fields and errors our labels, translated with the rest of the portal.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm
from two_factor.plugins.registry import GeneratorMethod

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
