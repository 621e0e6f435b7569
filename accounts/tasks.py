from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import override

from maastricht_inclusie.celery import MAIL_RETRY


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry date; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def send_rights_changed_mail(**change) -> int:
    """Tell the director and the application managers about a change of someone's rights."""
    from .notifications import rights_changed

    return rights_changed(**change)


@shared_task(**MAIL_RETRY)
def send_password_reset(email: str, language: str) -> None:
    """Send the reset link to the active users with this address (none: nothing happens)."""
    site = urlsplit(settings.SITE_URL)
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm(data={"email": email})
    if form.is_valid():
        with override(language):
            form.save(domain_override=site.netloc, use_https=site.scheme == "https")


@shared_task(**MAIL_RETRY)
def send_login_code(device_id: int) -> bool:
    """Mail the one-time login code of the soft limit to the account's own address."""
    from .login_limit import send_code

    return send_code(device_id=device_id)


@shared_task
def forget_old_login_failures() -> int:
    """Every hour: failed logins that no longer count towards the soft limit, and old mailed codes, go."""
    from .login_limit import forget_old

    return forget_old()


@shared_task(**MAIL_RETRY)
def send_account_link(user_id: int, purpose: str, by_id: int | None = None) -> bool:
    """Mail an invitation or a password link that the application manager asked for, to the account's owner."""
    from .notifications import account_link

    return account_link(user_id=user_id, purpose=purpose, by_id=by_id)
