import time

from django.conf import settings

# The session keeps when its idle timer was last restarted, so that it need not be written on every page.
REFRESHED_AT = "staff_session_refreshed_at"


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_municipal_staff)


def restart_idle_timer(session) -> None:
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
    session[REFRESHED_AT] = int(time.time())


def start_idle_timer_at_login(sender, request, user, **kwargs):
    # Connected to user_logged_in: the login writes the session anyway, so the first page need not.
    if is_staff(user):
        restart_idle_timer(request.session)


def seconds_left(session) -> int:
    """How long a staff session lasts from now without another request."""
    idle = settings.STAFF_SESSION_IDLE_SECONDS
    refreshed_at = session.get(REFRESHED_AT)
    return idle if refreshed_at is None else max(0, idle - (int(time.time()) - refreshed_at))


def needs_second_factor(user) -> bool:
    """Superusers and the roles that reach personal or financial data log in with a second factor."""
    return user.is_superuser or user.has_role(*settings.TWO_FACTOR_ROLES)


class ActorMiddleware:
    """Every write to a user's rights during a request is checked as a change by the request's user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .privileges import acting_as

        with acting_as(request):
            return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user carry their personal or financial data: no browser or proxy keeps them.

    `Cache-Control: no-store` (Django's `never_cache` headers) on every response to a logged-in user —
    applications, letters, attachments, exports, the network's pages, the two-factor setup — so a shared
    computer's back button or a proxy never shows them to the next person. Anonymous pages are public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from django.utils.cache import add_never_cache_headers

            add_never_cache_headers(response)
        return response


class StaffSessionTimeoutMiddleware:
    """Municipal staff are logged out after 30 minutes without activity (the expiry slides with each request).

    The timer restarts at most once per STAFF_SESSION_REFRESH_SECONDS, not on every page: each restart
    is a session write. So an idle session ends between 29 and 30 minutes after the last request, and
    the page's warning counts down from the real end (`seconds_left`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_staff(getattr(request, "user", None)):
            session = request.session
            elapsed = int(time.time()) - session.get(REFRESHED_AT, 0)
            if (
                session.get_expiry_age() != settings.STAFF_SESSION_IDLE_SECONDS
                or elapsed >= settings.STAFF_SESSION_REFRESH_SECONDS
            ):
                restart_idle_timer(session)
        return self.get_response(request)


def second_factor_url(user, next_url: str) -> str:
    """Where a user goes whose session has no confirmed code yet: the login (password and code) if they have a
    device, otherwise the setup wizard; either way back to `next_url` afterwards."""
    from django.urls import reverse
    from django.utils.http import urlencode
    from two_factor.utils import default_device

    name = "login" if default_device(user) else "two_factor:setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class TwoFactorRequiredMiddleware:
    """Staff in the roles that reach personal or financial data log in with a second factor (TOTP).

    Until they have confirmed a code in this session, every page except the login, the setup wizard (and
    its QR code), logging out, the language switch and the health check sends them to set up a device or
    to enter its code (`second_factor_url`).
    """

    ALLOWED = frozenset({"login", "two_factor:setup", "two_factor:qr", "logout", "set_language", "healthz"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TWO_FACTOR_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not needs_second_factor(user):
            return None
        if user.is_verified() or request.resolver_match.view_name in self.ALLOWED:
            return None
        from django.shortcuts import redirect

        return redirect(second_factor_url(user, request.get_full_path()))
