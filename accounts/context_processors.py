from django.utils.functional import SimpleLazyObject

from .menu import main_menu
from .middleware import is_staff, seconds_left


def session(request):
    """For staff: how long the session lasts without another request (the page warns before it ends)."""
    staff = is_staff(getattr(request, "user", None))
    return {"session_seconds_left": seconds_left(request.session) if staff else None}


def menu(request):
    """The main menu of this user, with the current item marked (built only when a page shows it)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    user = getattr(request, "user", None)
    return {"main_menu": SimpleLazyObject(lambda: main_menu(user, view_name)) if user is not None else []}
