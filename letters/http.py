"""Serving a stored letter: its bytes as issued, or — when they no longer match the hash — a clear refusal."""

from django.http import HttpResponse
from django.shortcuts import render

from .models import Letter
from .services import LetterDamaged, read


def letter_response(request, letter: Letter) -> HttpResponse:
    try:
        data = read(letter)
    except (LetterDamaged, OSError):
        return render(request, "letters/damaged.html", {"letter": letter}, status=409)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return response
