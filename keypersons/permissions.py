"""Need-to-know: only the director (regisseur) and network staff (netwerkmedewerker) reach the network.

Superuser status opens nothing here: the roles are checked, not Django's permission flags.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from maastricht_inclusie.roles import DIRECTOR, NETWORK_STAFF


def is_network_user(user) -> bool:
    return user.is_authenticated and user.has_role(DIRECTOR, NETWORK_STAFF)


def is_director(user) -> bool:
    """Only the director changes key persons' records, exports and erases."""
    return user.is_authenticated and user.has_role(DIRECTOR)


def _requires(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


network_required = _requires(is_network_user)
director_required = _requires(is_director)
