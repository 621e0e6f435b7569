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
