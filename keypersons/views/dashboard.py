"""The dashboard at /netwerk/ and the evaluation of the approach."""

from datetime import date, timedelta

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached
from maastricht_inclusie.templatetags.portal import table_regions

from .. import masked, queries
from ..audit import request_entry
from ..forms import PeriodForm
from ..models import AccessLog, Signal
from ..page import render_around
from ..permissions import is_director, network_required

OVERVIEW_READS = ("network", "registry")


@network_required
def dashboard(request):
    today = timezone.localdate()
    period = request.GET.get("period", "week")
    period = period if period in queries.contacts.PERIODS else "week"
    cached_body = _body(today, period)
    # The names, and the access-log entry naming exactly the persons they are of, in one statement.
    log = request_entry(request, AccessLog.What.LIST, Signal)
    values, _shown = queries.dashboard.named(cached_body["actions"], cached_body["people"], log=log)
    token = get_token(request)
    values.update(csrf=token, next=request.get_full_path())
    body = masked.fill(cached_body["body"], values)
    # The page around the body is kept per process with holes for what is this visitor's own (`page.py`).
    return render_around(
        request,
        "keypersons/dashboard.html",
        body,
        {"is_director": is_director(request.user)},
        csrf_token=token,
    )


def _body(today: date, period: str = "week") -> dict:
    """The dashboard below its links, rendered with holes where the names go, and the ids of the actions and
    persons it names: cached until the data changes (one query a visit).

    Signals by neighbourhood and theme, temperatures, counts, dates: no names, notes or descriptions ever go into
    the cache, so that an erasure takes effect at once (the holes are filled on every visit, `named`).
    """

    def compute() -> dict:
        context = {**queries.dashboard.network_overview(today, period), **queries.dashboard.plan(today)}
        holes = {"csrf": masked.hole("csrf"), "next": masked.hole("next")}
        context.update(period=period, today=today, holes=holes)
        return {
            # Its tables put in their scrolling regions now, as the site's wrapper would on every visit: the page
            # around the body is rendered without it (`page.py`).
            "body": table_regions(render_to_string("keypersons/dashboard_body.html", context)),
            "actions": [action["pk"] for action in context["actions"]],
            "people": [person["pk"] for person in context["people"]],
        }

    # Under the numbers of the network and the registry (neighbourhoods, themes) only: an officer's stream of
    # writes to the tenders and the assessments leaves the body cached.
    version = data_version.versions(OVERVIEW_READS)
    return cached(
        f"keypersons:dashboard-body:{today.isoformat()}:{period}:{get_language()}", compute, version=version
    )


def _period(request) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    default = {"start": today.replace(month=1, day=1) - timedelta(days=365), "end": today}
    form = PeriodForm(request.GET or None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@network_required
def evaluation(request):
    form, start, end = _period(request)
    return render(
        request,
        "keypersons/evaluation.html",
        {"form": form, "report": queries.evaluation.evaluation(start, end), "is_director": is_director(request.user),
         "export_params": {"start": start.isoformat(), "end": end.isoformat()}},
    )  # fmt: skip
