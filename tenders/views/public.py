"""The public page of a published round: its rules as they stand, and every amendment with its reason."""

from django.shortcuts import get_object_or_404, render

from ..models import Round


def round_page(request, pk):
    round_ = get_object_or_404(
        Round.objects.filter(published_at__isnull=False)
        .select_related("programme")
        .prefetch_related("criteria", "amendments"),
        pk=pk,
    )
    return render(request, "tenders/public/round.html", {"round": round_})
