"""The form of the letter texts a policy officer edits (letters/, tenders/letters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from letters.models import Letter

from .models import Decision


class LetterTextForm(forms.Form):
    """The text of one kind of letter, as a policy officer writes it; the preview also names a real decision."""

    body = forms.CharField(
        label=_("Text of the letter"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Paragraphs separated by an empty line; a line starting with “## ” is a heading. Use only the variables listed below, written as {{ name }}."),
    )  # fmt: skip
    decision = forms.ModelChoiceField(
        label=_("Preview on the decision of"),
        queryset=Decision.objects.select_related("application").order_by("-decided_at"),
        required=False,
        help_text=_("Only for the preview: a real application to fill in the variables."),
    )

    letter = forms.ModelChoiceField(
        label=_("Preview on the letter"),
        queryset=Letter.objects.none(),
        required=False,
        help_text=_(
            "Only for the preview: an issued letter of this kind whose subject fills in the variables."
        ),
    )

    def __init__(self, *args, letters=None, **kwargs):
        """`letters`: for a kind that is previewed on an issued letter instead of a decision, those letters."""
        super().__init__(*args, **kwargs)
        if letters is None:
            del self.fields["letter"]
            self.fields["decision"].label_from_instance = lambda d: (
                f"{d.application.reference}: {d.application.title}"
            )
        else:
            del self.fields["decision"]
            self.fields["letter"].queryset = letters
            self.fields["letter"].label_from_instance = lambda letter: f"{letter.reference}: {letter.title}"
