"""Privacy: the processing register, the DPIA draft and the access log."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..audit import log_request
from ..dpia import dpia_pdf
from ..models import AccessLog
from ..permissions import director_required
from ..register import processing_register, register_facts
from .shared import page_query


@director_required
@require_GET
def register(request):
    return render(request, "keypersons/register.html", {"entries": processing_register(), **register_facts()})


@director_required
@require_GET
def dpia(request):
    response = HttpResponse(dpia_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="dpia-sleutelpersonennetwerk-concept.pdf"'
    return response


@director_required
@require_GET
def access_log(request):
    rows = AccessLog.objects.select_related("user").prefetch_related("shown")
    user = request.GET.get("user", "").strip()
    if user:
        rows = rows.filter(user__username=user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    # Reading the log is logged too, with the key persons (by id) the page lists.
    shown = {row.object_id for row in page if row.object_type == "keyperson" and row.object_id}
    shown |= {item.key_person_id for row in page for item in row.shown.all()}
    log_request(request, AccessLog.What.LIST, AccessLog, shown=shown)
    return render(
        request,
        "keypersons/access_log.html",
        {"page": page, "user_filter": user, "query": page_query(request)},
    )
