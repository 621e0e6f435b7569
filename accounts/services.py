"""Accounts made and passwords reset for someone else, without anyone but the owner ever knowing the password.

The application manager makes accounts and helps people who lost their password, but never sets or learns a
password (BIO2 9.2.4 and OWASP ASVS 5.0 V6.4.1: a secret reaches only its owner): a new account has no usable
password until its owner chooses one from an invitation link, and a reset is a link as well, both mailed through
the outbox to the account's own address. That address is changed only by the owner (or a superuser) once the
account is in use (`privileges.guard_email`), so the link cannot be sent elsewhere.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outbox import services as outbox

from . import privileges

INVITATION, RESET = "invitation", "reset"


@transaction.atomic
def invite(*, user, by) -> None:
    """Mail a new account's owner the link to choose their own password (the account has none until then)."""
    if user.has_usable_password():
        raise ValidationError(_("This account has a password already; send a link to set a new one instead."))
    if not user.email:
        raise ValidationError(_("An account needs an e-mail address to receive its invitation."))
    outbox.enqueue("accounts.tasks.send_account_link", user.pk, INVITATION, by.pk)


@transaction.atomic
def send_password_link(*, user, by) -> None:
    """Mail the owner a link to choose a new password; their present password keeps working until they do."""
    if not privileges.may_manage_account(by, user):
        raise PermissionDenied(_("You may not manage this account."))
    if not user.is_active or not user.email:
        raise ValidationError(_("%(user)s has no e-mail address or is not active.") % {"user": user.username})
    purpose = RESET if user.has_usable_password() else INVITATION  # an invitation not taken up goes again
    outbox.enqueue("accounts.tasks.send_account_link", user.pk, purpose, by.pk)
