"""The member's letters: every letter to their organisations, with the date it was sent, and each one's PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .http import letter_response
from .queries import letters_of_member


@login_required
def my_letters(request):
    return render(request, "letters/my_letters.html", {"letters": letters_of_member(request.user)})


@login_required
def letter_download(request, pk):
    """Only a letter to one of the member's own organisations: another's is a 404."""
    return letter_response(request, get_object_or_404(letters_of_member(request.user), pk=pk))


@login_required
def translation_download(request, pk):
    """The English courtesy translation of one of the member's own letters, when it has one."""
    letter = get_object_or_404(letters_of_member(request.user), pk=pk)
    if not letter.has_translation:
        raise Http404("This letter has no courtesy translation.")
    return letter_response(request, letter, translation=True)
