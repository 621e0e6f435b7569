"""The organisation member's start page at /portaal/: their organisations, initiatives and applications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from initiatives.queries import memberships_of

from ..permissions import applications_of
from ..queries import portal_applications


@login_required
def portal_home(request):
    """The member's start page: their organisations, initiatives and applications."""
    return render(
        request,
        "portal/home.html",
        {
            "memberships": memberships_of(request.user),
            "applications": portal_applications(applications_of(request.user)),
        },
    )
