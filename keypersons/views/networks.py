"""Networks and ties: the network list, ties of a key person, the graph and where to look for new key persons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..audit import log_request
from ..forms import GraphFilter, NetworkForm, TieForm
from ..models import AccessLog, KeyPerson, Network, Tie
from ..permissions import director_required, is_director, network_required
from .shared import apply_error, error_messages


@network_required
def network_list(request):
    director = is_director(request.user)
    form = NetworkForm(request.POST or None) if director else None
    if request.method == "POST":
        if not director:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_network(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Network added."))
                return redirect("network:network_list")
    networks = Network.objects.annotate(people=Count("ties", distinct=True)).prefetch_related(
        "neighbourhoods"
    )
    log_request(request, AccessLog.What.LIST, Network)
    return render(request, "keypersons/network_list.html", {"networks": networks, "form": form})


@director_required
@require_POST
def person_tie(request, pk):
    person = get_object_or_404(KeyPerson.objects.filter(erased_at__isnull=True), pk=pk)
    form = TieForm(request.POST, person=person)
    if form.is_valid():
        try:
            services.add_tie(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("Tie added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(person)


@director_required
@require_POST
def tie_remove(request, pk):
    tie = get_object_or_404(Tie.objects.select_related("key_person"), pk=pk)
    person = tie.key_person
    services.remove_tie(tie=tie, by=request.user)
    messages.success(request, _("Tie removed."))
    return redirect(person)


@network_required
def graph(request):
    form = GraphFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tie_list = list(
        queries.networks.ties(
            neighbourhood=filters.get("neighbourhood"), domain=filters.get("domain"),
            restricted=is_director(request.user),
        )
    )  # fmt: skip
    shown = [t.key_person_id for t in tie_list] + [t.other_person_id for t in tie_list if t.other_person_id]
    log_request(request, AccessLog.What.LIST, Tie, shown=shown)
    return render(
        request,
        "keypersons/graph.html",
        {"form": form, "ties": tie_list, "graph": queries.networks.graph(tie_list)},
    )


@network_required
def suggestions(request):
    context = queries.networks.suggestions()
    log_request(request, AccessLog.What.LIST, KeyPerson, shown=context["introducers"])
    return render(request, "keypersons/suggestions.html", context)
