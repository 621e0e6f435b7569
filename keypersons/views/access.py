"""Privacy: the processing register and the access log."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import AccessLog
from ..permissions import director_required
from ..register import processing_register
from .shared import page_query


@director_required
def register(request):
    return render(request, "keypersons/register.html", {"entries": processing_register()})


@director_required
@require_GET
def access_log(request):
    rows = AccessLog.objects.select_related("user")
    user = request.GET.get("user", "").strip()
    if user:
        rows = rows.filter(user__username=user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "keypersons/access_log.html",
        {"page": page, "user_filter": user, "query": page_query(request)},
    )
