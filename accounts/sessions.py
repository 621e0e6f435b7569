"""Ending a user's sessions: when their second factor is removed, whoever holds one of their sessions must log in
again with the password (and then set up a new device) — a stolen session cookie cannot be used to set one up."""

from django.db.models import F


def end_all_sessions(user_id: int) -> None:
    """End every session of this user, on every web node and in whatever session store (one UPDATE).

    Each session keeps a hash of the user's password and `session_generation`; raising the number makes every
    stored session's hash stale, and Django then treats the session as logged out (as after a password change).
    """
    from .models import User

    User.objects.filter(pk=user_id).update(session_generation=F("session_generation") + 1)


def end_sessions_when_a_device_goes(sender, instance, **kwargs):
    """post_delete of every django-otp device (an authenticator app, backup codes): however it is removed —
    by a superuser or the application manager in the admin, one at a time or from the list — the owner's sessions
    end (OWASP ASVS 5.0 V7.4.3: a change of authentication factors ends the other sessions)."""
    end_all_sessions(instance.user_id)
