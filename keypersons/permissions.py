"""Need-to-know: only the director (regisseur) and network staff (netwerkmedewerker) reach the network.

Superuser status opens nothing here: the roles are checked, not Django's permission flags.
"""

from accounts.access import requires
from accounts.roles import DIRECTOR, NETWORK_STAFF


def is_network_user(user) -> bool:
    return user.is_authenticated and user.has_role(DIRECTOR, NETWORK_STAFF)


def is_director(user) -> bool:
    """Only the director changes key persons' records, exports and erases."""
    return user.is_authenticated and user.has_role(DIRECTOR)


network_required = requires(is_network_user)
director_required = requires(is_director)
