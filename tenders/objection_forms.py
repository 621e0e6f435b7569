"""The forms of objections (Awb chapters 6–7): registering one against a decision, a settlement or a reclaim, and
deciding it."""

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.forms.money import MoneyField
from maastricht_inclusie.money import euro

from .forms import ActionForm
from .models import Decision, Hearing, Settlement
from .queries import objectionable
from .services.objections import WELL_FOUNDED


class ObjectionForm(ActionForm):
    """An objection against one of the application's decisions or settlements, the latest chosen first."""

    id_prefix = "objection"
    against = forms.ChoiceField(label=_("Against the decision"))
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))
    excused_delay = forms.CharField(
        label=_("Why the delay is excusable (Awb 6:11)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the objection came in after the objection period; without a reason it is declared "
                    "inadmissible."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {_option_key(d): d for d in objectionable(self.application)}
        self.fields["against"].choices = [(key, _option_label(d)) for key, d in self.options.items()]
        if self.options:
            self.fields["against"].initial = list(self.options)[-1]

    def clean(self):
        cleaned = super().clean()
        if not self.options:
            raise forms.ValidationError(_("There is no decision to object to."))
        chosen = self.options.get(cleaned.get("against"))
        self.decision = chosen if isinstance(chosen, Decision) else None
        self.settlement = chosen if isinstance(chosen, Settlement) else None
        return cleaned


def _option_key(decision: Decision | Settlement) -> str:
    return f"{'decision' if isinstance(decision, Decision) else 'settlement'}-{decision.pk}"


def _option_label(decision: Decision | Settlement) -> str:
    until = date_format(decision.objection_deadline, "j-n-Y")
    if isinstance(decision, Settlement):
        return _("Settlement of %(date)s: %(amount)s (objections until %(until)s)") % {
            "date": date_format(localtime(decision.settled_at), "j-n-Y"), "amount": euro(decision.final_amount),
            "until": until,
        }  # fmt: skip
    return _("Decision of %(date)s: %(outcome)s, %(amount)s (objections until %(until)s)") % {
        "date": date_format(localtime(decision.decided_at), "j-n-Y"), "outcome": decision.get_outcome_display(),
        "amount": euro(decision.granted_amount), "until": until,
    }  # fmt: skip


class ObjectionDecisionForm(ActionForm):
    """The decision on one pending objection; the page shows one such form per pending objection."""

    objection = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("upheld: grant more")), ("0", _("unfounded: the decision stays"))],
        coerce=lambda v: v == "1",
    )
    amount = MoneyField(label=_("New granted amount in euros"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, objection_id: int | None = None, **kwargs):
        if objection_id is None:
            posted = str((args[0] if args else kwargs.get("data") or {}).get("objection", ""))
            objection_id = int(posted) if posted.isdigit() else None
        # Ids per objection: one form per pending objection, all on the same page.
        self.id_prefix, self.objection_id = f"objection-decision-{objection_id or 0}", objection_id
        kwargs.setdefault("initial", {"objection": objection_id})
        super().__init__(*args, **kwargs)


class ObjectionStepForm(forms.Form):
    """One step of the objection procedure on the objection's page; its ids start with its own prefix. Every
    step sends a letter or records something for good, so it asks to be confirmed (a box to tick)."""

    id_prefix = "step"
    confirm_label = _("I confirm: this is recorded for good.")

    def __init__(self, *args, objection, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.objection = objection
        self.fields["confirmed"] = forms.BooleanField(
            label=self.confirm_label,
            error_messages={"required": _("Tick the box to confirm; this cannot be undone.")},
        )


class HearingForm(ObjectionStepForm):
    id_prefix = "hearing"
    confirm_label = _("I confirm: the invitation letter is issued and mailed now; this cannot be undone.")
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    invited = forms.CharField(
        label=_("Attendees invited"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The objector, their representative, the officers and any other interested party."),
    )  # fmt: skip


class MinutesForm(ObjectionStepForm):
    id_prefix = "minutes"
    minutes = forms.CharField(
        label=_("Minutes of the hearing (Awb 7:7)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    attended = forms.CharField(label=_("Who attended"), widget=forms.Textarea(attrs={"rows": 2}))


class WaiveHearingForm(ObjectionStepForm):
    id_prefix = "waive"
    ground = forms.ChoiceField(label=_("Ground for not hearing (Awb 7:3)"), choices=Hearing.Waiver.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendTermForm(ObjectionStepForm):
    id_prefix = "extend"
    confirm_label = _("I confirm: the term is extended once and the letter is issued and mailed now.")
    reason = forms.CharField(label=_("Reason for postponing"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionOutcomeForm(ObjectionStepForm):
    """The decision on objection (Awb 7:11): well-founded with the new amount, unfounded or inadmissible."""

    id_prefix = "outcome"
    confirm_label = _("I confirm: the decision on objection is taken and its letter issued and mailed now.")
    outcome = forms.ChoiceField(
        label=_("Decision on the objection"),
        choices=[
            (WELL_FOUNDED, _("well-founded: grant more")),
            (Decision.Outcome.OBJECTION_UNFOUNDED, _("unfounded: the decision stays")),
            (Decision.Outcome.OBJECTION_INADMISSIBLE, _("inadmissible")),
        ],
    )
    amount = MoneyField(
        label=_("New granted amount in euros"),
        required=False,
        help_text=_("Only for a well-founded objection."),
    )
    reasons = forms.CharField(label=_("Reasons (Awb 7:12)"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, objection, **kwargs):
        super().__init__(*args, objection=objection, **kwargs)
        choices = self.fields["outcome"].choices
        if objection.reclaim_id:
            # Well-founded against a reclaim: it is withdrawn (0) or lowered to what is still to be paid back.
            choices[0] = (WELL_FOUNDED, _("well-founded: withdraw or lower the reclaim"))
            self.fields["amount"].label = _("Still to pay back in euros")
            self.fields["amount"].help_text = _(
                "Only for a well-founded objection: less than the amount reclaimed now; 0 withdraws the reclaim."
            )
        elif self.revokes_set_aside:
            choices[0] = (
                WELL_FOUNDED,
                _("well-founded: revoke the setting aside and handle the application"),
            )
            del self.fields["amount"]
        self.fields["outcome"].choices = choices

    @property
    def revokes_set_aside(self) -> bool:
        decision = self.objection.decision if self.objection.decision_id else None
        return decision is not None and decision.outcome == Decision.Outcome.SET_ASIDE

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == WELL_FOUNDED
            and "amount" in self.fields
            and cleaned.get("amount") is None
        ):
            if self.objection.reclaim_id:
                self.add_error(
                    "amount", _("Give the amount still to be paid back (0 withdraws the reclaim).")
                )
            else:
                self.add_error("amount", _("Give the new granted amount of a well-founded objection."))
        return cleaned


class ReclaimObjectionForm(forms.Form):
    """An objection against a reclaim (Awb 4:57, a decision of its own), registered from the reclaim's page."""

    received_on = ObjectionForm.base_fields["received_on"]
    grounds = ObjectionForm.base_fields["grounds"]
    excused_delay = ObjectionForm.base_fields["excused_delay"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reclaim-objection-%s")
        super().__init__(*args, **kwargs)
