"""Mail to the director and the application managers whenever a user's roles or flags change."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
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
