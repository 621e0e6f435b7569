"""The dashboard at /netwerk/ and the evaluation of the approach."""

from datetime import date, timedelta

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached

from .. import queries
from ..audit import log_request
from ..forms import PeriodForm
from ..models import AccessLog, Signal
from ..permissions import is_director, network_required

OVERVIEW_READS = ("network", "registry")


@network_required
def dashboard(request):
    today = timezone.localdate()
    period = request.GET.get("period", "week")
    period = period if period in queries.contacts.PERIODS else "week"
    overview = _overview(today, period)
    data = {**overview, **queries.dashboard.named(overview["plan"])}
    named = [a.key_person_id for a in data["overdue_actions"]] + [p.pk for p in data["losing_touch"]]
    log_request(request, AccessLog.What.LIST, Signal, shown=named)
    return render(
        request,
        "keypersons/dashboard.html",
        {**data, "is_director": is_director(request.user), "today": today, "period": period},
    )


def _overview(today: date, period: str = "week") -> dict:
    """The dashboard's figures, rendered, and which rows it names, by id: cached until the data changes (one
    query a visit).

    Signals by neighbourhood and theme, temperatures, counts, and the ids of the actions and persons to show
    with their dates: no names, notes or descriptions ever go into the cache, so that an erasure takes effect at
    once (the names are read on every visit, `queries.dashboard.named`).
    """

    def compute() -> dict:
        overview = queries.dashboard.network_overview(today, period)
        return {
            "signals": render_to_string("keypersons/dashboard_signals.html", overview),
            "heat_map": render_to_string("keypersons/heat_map.html", {"heat": overview["heat_map"]}),
            "thin": overview["thin"],
            "overdue_count": overview["overdue_count"],
            "plan": queries.dashboard.plan(today),
        }

    # Under the numbers of the network and the registry (neighbourhoods, themes) only: an officer's stream of
    # writes to the tenders and the assessments leaves the figures cached.
    version = data_version.versions(OVERVIEW_READS)
    return cached(
        f"keypersons:dashboard:{today.isoformat()}:{period}:{get_language()}", compute, version=version
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
