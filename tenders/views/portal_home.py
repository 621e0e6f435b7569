"""The organisation member's start page at /portaal/: their organisations, initiatives and applications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from initiatives.queries import memberships_of
from maastricht_inclusie import content_cache

from ..permissions import applications_of
from ..queries import portal_applications

# What the page shows: the user's memberships, organisations and initiatives, and their applications and rounds.
READS = ("registry", "tenders")


@login_required
def portal_home(request):
    """The member's start page: their organisations, initiatives and applications.

    Personal: its body is cached per user (`content_cache`), until the registry or the tenders change.
    """
    user = request.user
    staff = user.is_municipal_staff

    def context() -> dict:
        return {
            "memberships": memberships_of(user),
            "applications": portal_applications(applications_of(user)),
            "is_staff_user": staff,
        }

    body = content_cache.body("portal-home", (user.pk, int(staff)), READS, "portal/home_body.html", context)
    return render(request, "portal/home.html", {"body": body})
