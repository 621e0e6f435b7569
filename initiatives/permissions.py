"""Who may see and change which registry records, as queryset scopes.

A member of organisation A gets a 404 for organisation B's records because B is simply not in
their scope: use these with get_object_or_404.
"""

from django.db.models import QuerySet

from .models import Initiative, Organisation


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user is a member of (any status: a registration request included)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def initiatives_of(user) -> QuerySet[Initiative]:
    if not user.is_authenticated:
        return Initiative.objects.none()
    return Initiative.objects.filter(organisation__memberships__user=user)
