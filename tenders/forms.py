from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Organisation

from . import ledger
from .models import FORMAL_PARTS, Application, Attachment, Decision, Part
from .services.applications import PART_FIELDS
from .services.assessment import assessors
from .services.decisions import current_decision


class StartApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("For organisation"))
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class ApplicationForm(forms.ModelForm):
    """The application's fields that the applicant may change now (a draft: all; later: reopened parts)."""

    class Meta:
        model = Application
        fields = [
            "title", "summary", "plan", "themes", "neighbourhoods", "target_groups", "expected_reach",
            "starts_on", "ends_on", "requested_amount",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 10}),
            "themes": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "requested_amount": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editable = {
            name for part, names in PART_FIELDS.items() if self.instance.can_edit(part) for name in names
        }
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "title" in self.fields:
            self.fields["title"].required = True

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Cost item"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount in euros"), max_digits=12, decimal_places=2, min_value=0.01, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("description")) != bool(cleaned.get("amount")):
            raise forms.ValidationError(_("Give both the cost item and its amount, or leave the row empty."))
        return cleaned


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=50, absolute_max=50)


def budget_lines_from(formset) -> list[dict]:
    return [
        {"description": f.cleaned_data["description"], "amount": f.cleaned_data["amount"]}
        for f in formset.forms
        if f.cleaned_data.get("description")
    ]


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX, JPG or PNG; at most 10 MB."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the municipality"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ActionForm(forms.Form):
    """A policy officer's action on one application (one form, one URL, one view per action).

    The application page shows several of these forms at once and their fields share names
    (reason, note, amount), so each form's ids start with its own prefix.
    """

    id_prefix = "action"

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.application = application


class EligibleForm(ActionForm):
    id_prefix = "eligible"


class IneligibleForm(ActionForm):
    id_prefix = "ineligible"
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class InformationRequestForm(ActionForm):
    id_prefix = "request"
    message = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 4}))
    parts = forms.MultipleChoiceField(
        label=_("Parts the applicant may change"), choices=Part.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application.round.is_tender:
            self.fields["parts"].choices = [
                (value, label) for value, label in Part.choices if value in FORMAL_PARTS
            ]
            self.fields["parts"].help_text = _("A tender round only allows formal items (Awb 4:26).")


class AssignForm(ActionForm):
    id_prefix = "assign"
    assessor = forms.ModelChoiceField(queryset=None, label=_("Assessor"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (
            assessors().exclude(assessments__application=self.application).order_by("username")
        )


class ScoreForm(forms.Form):
    """One score and one motivation per criterion of the round."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score for %(name)s (0–%(max)s)")
                % {"name": criterion.name, "max": criterion.maximum_score},
                min_value=0,
                max_value=criterion.maximum_score,
                required=False,
                initial=existing.score if existing else None,
                help_text=criterion.guidance,
            )
            self.fields[f"motivation_{criterion.pk}"] = forms.CharField(
                label=_("Motivation for %(name)s") % {"name": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=existing.motivation if existing else "",
                help_text=_("Written to be disclosed: competing applicants may read it after the decisions."),
            )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"motivation_{c.pk}") or "")
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Describe the conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Describe the conflict of interest briefly.")},
    )


class DecisionForm(ActionForm):
    id_prefix = "decision"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    amount = forms.DecimalField(
        label=_("Granted amount in euros"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.application.requested_amount


class PayAdvanceForm(ActionForm):
    id_prefix = "advance"


class AskMoreForm(ActionForm):
    id_prefix = "ask-more"
    note = forms.CharField(label=_("What more do you need"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        self.report = self.application.reports.first()
        if self.report is None:
            raise forms.ValidationError(_("There is no report to ask more about."))
        return cleaned


class SettlementForm(ActionForm):
    id_prefix = "settlement"
    final_amount = forms.DecimalField(
        label=_("Final amount in euros"), max_digits=12, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_amount"].initial = ledger.committed_for(self.application)


class ObjectionForm(ActionForm):
    id_prefix = "objection"
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        self.decision = current_decision(self.application)
        if self.decision is None:
            raise forms.ValidationError(_("There is no decision to object to."))
        return cleaned


class ObjectionDecisionForm(ActionForm):
    """The decision on one pending objection; the page shows one such form per pending objection."""

    objection = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("upheld: grant more")), ("0", _("dismissed"))],
        coerce=lambda v: v == "1",
    )
    amount = forms.DecimalField(
        label=_("New granted amount in euros"), max_digits=12, decimal_places=2, required=False
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, objection_id: int | None = None, **kwargs):
        if objection_id is None:
            posted = str((args[0] if args else kwargs.get("data") or {}).get("objection", ""))
            objection_id = int(posted) if posted.isdigit() else None
        # Ids per objection: one form per pending objection, all on the same page.
        self.id_prefix, self.objection_id = f"objection-decision-{objection_id or 0}", objection_id
        kwargs.setdefault("initial", {"objection": objection_id})
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    activities = forms.CharField(label=_("What took place"), widget=forms.Textarea(attrs={"rows": 6}))
    reach = forms.IntegerField(label=_("How many people took part"), min_value=0)
    costs = forms.DecimalField(
        label=_("Costs incurred in euros"), max_digits=12, decimal_places=2, min_value=0, required=False,
        help_text=_("Required when the decision asks for a financial report."),
    )  # fmt: skip
