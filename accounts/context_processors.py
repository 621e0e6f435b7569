from maastricht_inclusie.context_processors import per_request

from .menu import rendered_menu
from .middleware import is_staff, seconds_left


def session(request):
    """For staff: how long the session lasts without another request (the page warns before it ends). Computed
    only on a page that shows the warning (not in the admin, for one)."""

    def left():
        return seconds_left(request.session) if is_staff(getattr(request, "user", None)) else None

    return {"session_seconds_left": per_request(request, "session_seconds_left", left)}


def menu(request):
    """The main menu of this user, with the current item marked (built only when a page shows it)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    user = getattr(request, "user", None)
    if user is None:
        return {"main_menu_html": ""}
    return {"main_menu_html": per_request(request, "main_menu_html", lambda: rendered_menu(user, view_name))}
