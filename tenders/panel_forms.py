"""The forms of the assessment panel: the officer assigns and reassigns assessors and records an agreed score."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import ActionForm
from .models import Application, Assessment
from .services.assessment import assessors


class PanelAssignForm(forms.Form):
    """The round's panel page: one more assessor for one of its eligible applications."""

    application = forms.ModelChoiceField(queryset=None, label=_("Application"))
    assessor = forms.ModelChoiceField(queryset=None, label=_("Assessor"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(round=round_)
        self.fields["assessor"].queryset = assessors()


class PanelReassignForm(forms.Form):
    """The round's panel page: an assessment not submitted yet goes to another assessor."""

    assessment = forms.ModelChoiceField(queryset=None, label=_("Assessment"))
    assessor = forms.ModelChoiceField(queryset=None, label=_("New assessor"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = Assessment.objects.filter(application__round=round_)
        self.fields["assessor"].queryset = assessors()


class ConsensusForm(ActionForm):
    """The panel's agreed score on one criterion, with the reason."""

    id_prefix = "consensus"
    criterion = forms.ModelChoiceField(queryset=None, label=_("Criterion"))
    score = forms.IntegerField(label=_("Agreed score"), min_value=0)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the panel agreed and why: written to be disclosed with the decision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = self.application.round.criteria.all()
