"""The per-account soft limit on failed logins: a second factor instead of a locked door.

django-axes locks a user name for one client address after five wrong passwords; an attack on one account from
many addresses is not slowed by that, and locking the account itself would let anyone lock its owner out. So
when an account has had more than `LOGIN_SOFT_LIMIT` failed logins, from any addresses, within
`LOGIN_SOFT_LIMIT_WINDOW`, its next login asks after the right password for a second factor as well (OWASP ASVS
5.0 V6.1.1 and V6.3.1: throttling that does not lock the owner out; BIO2 9.4.2). A user with an authenticator app
gives its code, as always; a user without one (an organisation member) gets a one-time code mailed to the
account's own address (django-otp's e-mail device, `MailedCodeDevice`, through the outbox): valid once, for a
few minutes, wrong codes throttled. Someone who guessed the password but cannot read the owner's mail does not
get in, and the owner does, from wherever they are.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from django_otp.plugins.otp_email.conf import settings as otp_email_settings

from .models import FailedLogin, MailedCodeDevice

MAILED_CODE_DEVICE = "mailed-code"
# How long a mailed-code device is kept after it was made (its code lasts minutes): for a look in the database.
KEEP_MAILED_CODES_FOR = timedelta(days=1)


def record_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """`user_login_failed`: one more failed login to this user name, whatever the address."""
    username = str(credentials.get("username") or "")[:150]
    if username:
        FailedLogin.objects.create(username=username)


def is_exceeded(username: str, now=None) -> bool:
    """Whether this account had more failed logins within the window than the soft limit allows."""
    since = (now or timezone.now()) - settings.LOGIN_SOFT_LIMIT_WINDOW
    failures = FailedLogin.objects.filter(username=username, at__gte=since)
    return failures[: settings.LOGIN_SOFT_LIMIT + 1].count() > settings.LOGIN_SOFT_LIMIT


def start_mailed_code(user) -> MailedCodeDevice:
    """A new mailed-code device for this one login (its code is made and mailed when the code page is shown)."""
    return MailedCodeDevice.objects.create(user=user, name=MAILED_CODE_DEVICE, confirmed=False)


def code_minutes() -> int:
    return otp_email_settings.OTP_EMAIL_TOKEN_VALIDITY // 60


def send_code(*, device_id: int) -> bool:
    """Mail the device's current code to the account's own address, in the account's language (by the worker).

    Nothing is sent for a code that was used or has expired meanwhile. Returns whether a mail went out.
    """
    device = MailedCodeDevice.objects.select_related("user").filter(pk=device_id).first()
    if device is None or not device.token or device.valid_until <= timezone.now() or not device.user.email:
        return False
    user = device.user
    context = {"user": user, "code": device.token, "minutes": code_minutes(), "site_url": settings.SITE_URL}
    with override(user.language):
        subject = render_to_string("emails/login_code_subject.txt", context).strip()
        body = render_to_string("emails/login_code.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def forget_old(now=None) -> int:
    """Remove failed logins older than the window and mailed-code devices older than a day; returns how many."""
    now = now or timezone.now()
    failures, _ = FailedLogin.objects.filter(at__lt=now - settings.LOGIN_SOFT_LIMIT_WINDOW).delete()
    devices, _ = MailedCodeDevice.objects.filter(
        name=MAILED_CODE_DEVICE, confirmed=False, created_at__lt=now - KEEP_MAILED_CODES_FOR
    ).delete()
    return failures + devices
