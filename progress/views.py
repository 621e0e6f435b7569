"""Public progress pages and open data: for the council and residents, without logging in."""

import csv
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from maastricht_inclusie.caching import cached_public_page
from maastricht_inclusie.money import euro
from maastricht_inclusie.spreadsheets import neutralise

from . import queries
from .charts import bar_chart
from .filters import RegisterFilter

LICENCE = "CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/)"


def _round_rows(figures):
    return [
        {
            "programme": block["programme"].name,
            "round": totals.round.title,
            "ceiling": totals.round.ceiling,
            "requested": totals.requested,
            "granted": totals.committed,
            "paid": totals.paid,
            "remaining": totals.remaining,
            "applications": totals.applications,
            "grants": totals.grants,
        }
        for block in figures
        for totals in block["rounds"]
    ]


def _theme_label(theme: dict) -> str:
    return theme["name_en"] if get_language() == "en" and theme["name_en"] else theme["name"]


@cached_public_page(reads=("registry", "tenders", "progress"))
def overview(request):
    figures = queries.programme_figures()
    rounds = _round_rows(figures)
    themes = queries.initiatives_by_theme()
    funding = list(queries.funding_lines())
    context = {
        "figures": figures,
        "rounds": rounds,
        "rounds_chart": bar_chart([(r["round"], r["granted"], euro(r["granted"])) for r in rounds]),
        "themes": themes,
        "themes_chart": bar_chart([(_theme_label(t), t["count"], str(t["count"])) for t in themes]),
        "districts": queries.initiatives_by_district(),
        "campaigns": queries.campaigns(),
        "funding_lines": funding,
        "funding_total": sum((line.total for line in funding), Decimal("0")),
        "commitments": queries.commitments(),
        "indicators": queries.indicators(),
        "network": queries.key_person_network(),
    }
    return render(request, "progress/overview.html", context)


@cached_public_page(reads=("registry", "tenders"))
def register(request):
    filterset = RegisterFilter(request.GET, queryset=queries.granted_register())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    total = filterset.qs.order_by().aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return render(
        request,
        "progress/register.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "total": total},
    )


@cached_public_page(reads=("registry", "tenders", "progress"))  # its campaigns, initiatives and rounds
def commitment(request, slug):
    item = get_object_or_404(queries.commitment_page(slug))
    return render(request, "progress/commitment.html", {"commitment": item})


@cached_public_page(reads=("progress",))
def indicator(request, slug):
    item = get_object_or_404(queries.indicator_page(slug))
    updates = list(item.updates.all())
    chart = bar_chart([(u.date.strftime("%d-%m-%Y"), u.value, f"{u.value} {item.unit}") for u in updates])
    return render(request, "progress/indicator.html", {"indicator": item, "updates": updates, "chart": chart})


# Open data: stable column names, documented on /open-data/.
REGISTER_COLUMNS = ["reference", "organisation", "project", "programme", "round", "amount", "settled", "themes",
                    "neighbourhoods", "decision_date"]  # fmt: skip
ROUND_COLUMNS = [
    "programme",
    "round",
    "ceiling",
    "requested",
    "granted",
    "paid",
    "remaining",
    "applications",
    "grants",
]
THEME_COLUMNS = ["theme", "initiatives"]
NETWORK_COLUMNS = ["quarter", "theme", "contacts", "signals"]


def register_rows(decisions) -> list[dict]:
    return [
        {
            "reference": d.application.reference,
            "organisation": d.application.organisation.name,
            "project": d.application.title,
            "programme": d.application.round.programme.name,
            "round": d.application.round.title,
            "amount": d.amount,
            "settled": d.settled_amount is not None,
            "themes": "; ".join(t.name for t in d.application.themes.all()),
            "neighbourhoods": "; ".join(n.name for n in d.application.neighbourhoods.all()),
            "decision_date": d.decided_at.date().isoformat(),
        }
        for d in decisions
    ]


DATASETS = {
    "subsidies": lambda: (REGISTER_COLUMNS, register_rows(queries.granted_register())),
    "rondes": lambda: (ROUND_COLUMNS, _round_rows(queries.programme_figures())),
    "initiatieven-per-thema": lambda: (
        THEME_COLUMNS,
        [{"theme": t["name"], "initiatives": t["count"]} for t in queries.initiatives_by_theme()],
    ),
    "sleutelpersonennetwerk": lambda: (
        NETWORK_COLUMNS,
        queries.key_person_network_rows(queries.key_person_network()),
    ),
}


def open_data(request):
    return render(request, "progress/open_data.html", {"licence": LICENCE, "register_columns": REGISTER_COLUMNS,
                  "round_columns": ROUND_COLUMNS, "theme_columns": THEME_COLUMNS, "network_columns": NETWORK_COLUMNS,
                  "minimum": settings.PUBLIC_MINIMUM_COUNT,
                  "network": {"minimum": settings.PUBLIC_MINIMUM_COUNT, "rounding": settings.PUBLIC_ROUNDING}})  # fmt: skip


@cached_public_page(reads=("registry", "tenders", "progress"))
def open_data_file(request, name, fmt):
    if name not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404
    columns, rows = DATASETS[name]()
    if fmt == "json":
        return JsonResponse(
            {
                "licence": LICENCE,
                "columns": columns,
                "rows": [{c: _plain(row[c]) for c in columns} for row in rows],
            },
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(_plain(row[c])) for c in columns])
    return response


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value
