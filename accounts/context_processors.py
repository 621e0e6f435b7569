from .middleware import is_staff, seconds_left


def session(request):
    """For staff: how long the session lasts without another request (the page warns before it ends)."""
    staff = is_staff(getattr(request, "user", None))
    return {"session_seconds_left": seconds_left(request.session) if staff else None}
