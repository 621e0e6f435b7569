from django.conf import settings

from .roles import STAFF_ROLES


class StaffSessionTimeoutMiddleware:
    """Municipal staff are logged out after 30 minutes without activity (the expiry slides with each request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or user.has_role(*STAFF_ROLES)):
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Staff in the roles that reach personal or financial data log in with a second factor (TOTP).

    Until they have confirmed a code in this session, every page except the two-factor pages,
    logging out and the language switch sends them to set up or enter their code.
    """

    ALLOWED = frozenset({"two_factor_verify", "two_factor_setup", "logout", "set_language", "healthz"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TWO_FACTOR_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.has_role(*settings.TWO_FACTOR_ROLES):
            return None
        if user.is_verified() or request.resolver_match.url_name in self.ALLOWED:
            return None
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
