"""The baseline: one indexed query and a small template, through the same middleware as every page.

What it serves per second is the practical ceiling of this stack on the machine that runs the
benchmark; the pages are compared with it.
"""

from django.shortcuts import get_object_or_404, render

from initiatives.models import Organisation


def baseline(request, pk):
    organisation = get_object_or_404(Organisation.objects.only("name", "kind", "city"), pk=pk)
    return render(request, "bench/baseline.html", {"organisation": organisation})
