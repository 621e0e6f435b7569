"""The form of the letter texts a policy officer edits (letters/, tenders/letters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.application.reference}: {d.application.title}"
        )
