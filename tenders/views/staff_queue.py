"""The start page of policy officers and the application manager (`/medewerkers/`), and its filtered lists."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import requires
from accounts.roles import APPLICATION_MANAGER, POLICY_OFFICER
from maastricht_inclusie import content_cache

from .. import work_queue
from ..permissions import is_policy_officer
from ..timeline import awaits_decision, decision_due

# What the officer's part shows: the applications and their terms, objections, reclaims; organisations' names.
READS = ("registry", "tenders", "assessment")


def _queue_user(user) -> bool:
    return user.is_authenticated and user.has_role(POLICY_OFFICER, APPLICATION_MANAGER)


@requires(_queue_user)
def work_queue_page(request):
    """Counts that link to their lists, for the officer; the application manager's tasks are in the admin.

    The officer's part is the same for every officer on a day: its body is cached (`content_cache`) until the
    tenders, the assessments or the organisations' names change; the links that depend on the user's own
    permissions are rendered on every visit.
    """
    officer = is_policy_officer(request.user)
    context = {"officer": officer}
    if officer:
        today = timezone.localdate()

        def figures() -> dict:
            return work_queue.start_page_figures(today=today) | {
                "objections": work_queue.objections_waiting(today=today),
                "reclaims": work_queue.open_reclaims(today=today),
            }

        context["body"] = content_cache.body(
            "work-queue", (today.isoformat(),), READS, "tenders/staff/work_queue_body.html", figures
        )
    return render(request, "tenders/staff/work_queue.html", context)


@requires(is_policy_officer)
def queue_list(request, key):
    queue = work_queue.QUEUE_BY_KEY.get(key)
    if queue is None:
        raise Http404
    page = Paginator(work_queue.queue_applications(queue), 50).get_page(request.GET.get("page"))
    rows = [(app, decision_due(app) if awaits_decision(app) else None) for app in page.object_list]
    return render(request, "tenders/staff/queue_list.html", {"queue": queue, "page": page, "rows": rows})
