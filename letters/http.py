"""Serving a stored letter: its bytes as issued, or a clear refusal — when they no longer match the hash, or when\nits PDF could not be made just now."""

from django.http import HttpResponse
from django.shortcuts import render

from .models import Letter
from .services import LetterDamaged, LetterNotReady, read


def letter_response(request, letter: Letter, *, translation: bool = False) -> HttpResponse:
    try:
        data = read(letter, translation=translation)
    except LetterNotReady:
        response = render(request, "letters/not_ready.html", {"letter": letter}, status=503)
        response["Retry-After"] = "60"
        return response
    except (LetterDamaged, OSError, ValueError):
        return render(request, "letters/damaged.html", {"letter": letter}, status=409)
    response = HttpResponse(data, content_type="application/pdf")
    filename = letter.translation_filename if translation else letter.filename
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
