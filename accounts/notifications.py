"""Mail about accounts: to the director and the application managers whenever a user's roles or flags change, and
to an account's owner the link to choose a password."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from .models import User
from .roles import APPLICATION_MANAGER, DIRECTOR

logger = logging.getLogger(__name__)


def rights_changed(
    *, user_id: int, by_id: int, roles_before, roles_after, flags_before: dict, flags_after: dict
) -> int:
    """Tell every director and application manager (each in their language) who changed whose rights.

    Called after the change has committed; a failing mail server is logged, the change stands (it is in
    the audit log either way). Returns how many were told.
    """
    user, by = User.objects.get(pk=user_id), User.objects.get(pk=by_id)
    recipients = (
        User.objects.filter(groups__name__in=[DIRECTOR, APPLICATION_MANAGER], is_active=True)
        .exclude(email="")
        .distinct()
    )
    context = {
        "user": user, "by": by, "roles_before": roles_before, "roles_after": roles_after,
        "flags": [(flag, flags_before.get(flag), flags_after.get(flag)) for flag in flags_after],
        "site_url": settings.SITE_URL,
    }  # fmt: skip
    told = 0
    for recipient in recipients:
        with override(recipient.language):
            subject = render_to_string("emails/rights_changed_subject.txt", context).strip()
            body = render_to_string("emails/rights_changed.txt", {**context, "recipient": recipient})
        try:
            send_mail(subject, body, None, [recipient.email])
            told += 1
        except OSError:
            logger.exception(
                "Could not tell user %s about the changed rights of user %s", recipient.pk, user.pk
            )
    return told


def account_link(*, user_id: int, purpose: str, by_id: int | None = None) -> bool:
    """Mail the owner of the account the link to choose a password (`services.INVITATION` or `services.RESET`),
    to the account's own address and in its language. The link is made here, in the worker, so it is never
    written into the outbox; it works once and for PASSWORD_RESET_TIMEOUT (Django's password reset)."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    by = User.objects.filter(pk=by_id).first()
    with override(user.language):
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user, "by": by, "purpose": purpose, "link": f"{settings.SITE_URL}{path}",
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400), "site_url": settings.SITE_URL,
        }  # fmt: skip
        subject = render_to_string("emails/account_link_subject.txt", context).strip()
        body = render_to_string("emails/account_link.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
