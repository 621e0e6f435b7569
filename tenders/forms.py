from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.forms import NeighbourhoodsField
from initiatives.models import Organisation
from maastricht_inclusie.forms.money import MoneyField

from . import ledger
from .models import FORMAL_PARTS, Application, Attachment, Decision, Part
from .services.applications import DECLARATION, PART_FIELDS
from .services.assessment import assessors


class StartApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("For organisation"))
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class ApplicationForm(forms.ModelForm):
    """The application's fields that the applicant may change now (a draft: all; later: reopened parts).

    A draft is saved with whatever is valid (`valid_data()`); only submitting asks for everything.
    """

    class Meta:
        model = Application
        fields = [
            "title", "summary", "plan", "themes", "neighbourhoods", "target_groups", "expected_reach",
            "starts_on", "ends_on", "requested_amount",
        ]  # fmt: skip
        field_classes = {"neighbourhoods": NeighbourhoodsField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 10}),
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {"title": {"required": _("Fill in the title of your project.")}}

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
            self.add_error(
                "ends_on", _("The planned end is before the planned start: choose a later end date.")
            )
            # Neither date is kept: a new start beside the old end could make a period that ends before it starts.
            cleaned.pop("starts_on", None)
        return cleaned

    def valid_data(self) -> dict:
        """After is_valid(): the value of every valid field that was sent, which a draft keeps when others are
        not valid (a field missing from the data altogether is left as it is, not emptied)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.fields
            and not self.fields[name].widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            )
        }


class BudgetLineForm(forms.Form):
    """One line of the budget; `number` (set by the formset) names the line in its labels and messages."""

    description = forms.CharField(label=_("Cost item"), max_length=200, required=False)
    amount = MoneyField(label=_("Amount in euros"), min_value=Decimal("0.01"), required=False)
    number = 0

    def clean(self):
        cleaned = super().clean()
        description, amount = cleaned.get("description"), cleaned.get("amount")
        if description and amount is None and not self.has_error("amount"):
            self.add_error(
                "amount",
                _("Fill in the amount of cost item %(number)s, or empty the line.") % {"number": self.number},
            )
        if amount is not None and not description and not self.has_error("description"):
            self.add_error(
                "description",
                _("Describe cost item %(number)s, or empty the line.") % {"number": self.number},
            )
        return cleaned


class BaseBudgetLineFormSet(forms.BaseFormSet):
    """Budget lines whose fields say which line they are on ("Amount of cost item 2"), in the labels and in
    the error messages."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None:
            form.number = index + 1
            form.fields["description"].label = _("Cost item %(number)s") % {"number": form.number}
            form.fields["amount"].label = _("Amount of cost item %(number)s") % {"number": form.number}


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=3, max_num=50, absolute_max=50
)


def budget_lines_from(formset) -> list[dict]:
    """The complete lines of a budget formset after is_valid(): the valid ones, also when others are not."""
    return [
        {"description": f.cleaned_data["description"], "amount": f.cleaned_data["amount"]}
        for f in formset.forms
        if not f.errors and f.cleaned_data.get("description") and f.cleaned_data.get("amount")
    ]


def budget_total(formset) -> Decimal:
    """What the valid lines of the budget add up to, as the page shows below them."""
    return sum((line["amount"] for line in budget_lines_from(formset)), Decimal("0"))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX, JPG or PNG; at most 10 MB."))


class SubmitForm(forms.Form):
    """The declaration with which the applicant submits (Awb 4:2(1): the application is signed)."""

    declaration = forms.BooleanField(
        label=DECLARATION,
        error_messages={
            "required": _("Tick the declaration that you filled in the application truthfully, to submit it.")
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConfirmForm(forms.Form):
    """The confirmation step of an action that cannot be undone: nothing to fill in, only the button."""


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
    # A first decision; the outcomes of a decision on objection are taken on the objection's page.
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (o.value, o.label)
            for o in Decision.Outcome
            if o.value not in (*Decision.ON_OBJECTION_WITHOUT_MONEY, Decision.Outcome.SET_ASIDE)
        ],
    )
    amount = MoneyField(label=_("Granted amount in euros"), min_value=Decimal("0"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.application.requested_amount


class PayAdvanceForm(ActionForm):
    id_prefix = "advance"


class SetAsideForm(ActionForm):
    id_prefix = "set-aside"
    reasons = forms.CharField(
        label=_("Reasons for setting the application aside"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what was missing and that it was not supplied in time; the applicant can object."),
    )  # fmt: skip
    # Set on the confirmation page: the first POST (from the application page) shows what follows.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RefuseIneligibleForm(ActionForm):
    id_prefix = "refuse"


class ExtendRequestForm(ActionForm):
    id_prefix = "extend"
    until = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 3}))


class ContinueForm(ActionForm):
    id_prefix = "continue"
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: what is there is enough to assess the application."),
    )  # fmt: skip


class CloseForm(ActionForm):
    id_prefix = "close"
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


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
    final_amount = MoneyField(label=_("Final amount in euros"), min_value=Decimal("0"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_amount"].initial = ledger.committed_for(self.application)


class ReportForm(forms.Form):
    activities = forms.CharField(label=_("What took place"), widget=forms.Textarea(attrs={"rows": 6}))
    reach = forms.IntegerField(label=_("How many people took part"), min_value=0)
    costs = MoneyField(
        label=_("Costs incurred in euros"), min_value=Decimal("0"), required=False,
        help_text=_("Required when the decision asks for a financial report."),
    )  # fmt: skip
