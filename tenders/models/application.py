"""Applications (aanvragen) with their budget lines, attachments, history and information requests.

Glossary: Application = subsidieaanvraag, InformationRequest = aanvulverzoek (Awb 4:5),
StatusChange = a row of the application's history, never edited.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import EuroField
from maastricht_inclusie.storage import private_storage

from .. import history
from .programme import MONEY, Round


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    INFORMATION_REQUESTED = "information_requested", _("information requested")
    ELIGIBLE = "eligible", _("eligible")
    INELIGIBLE = "ineligible", _("ineligible")
    SET_ASIDE = "set_aside", _("set aside")
    ASSESSED = "assessed", _("assessed")
    GRANTED = "granted", _("granted")
    PARTIALLY_GRANTED = "partially_granted", _("partially granted")
    REJECTED = "rejected", _("rejected")
    # Ordered: a due payment on its way through a payment batch; paid: finance paid it (payments.py).
    ADVANCE_ORDERED = "advance_ordered", _("advance ordered")
    ADVANCE_PAID = "advance_paid", _("advance paid")
    REPORT_DUE = "report_due", _("report due")
    REPORT_SUBMITTED = "report_submitted", _("report submitted")
    SETTLED = "settled", _("settled")
    SETTLEMENT_REOPENED = "settlement_reopened", _("settlement reopened on objection")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The one table of allowed state changes (the tender process of DESIGN.md). Every change goes
# through tenders.workflow.transition(), which checks this table and writes a StatusChange.
DECIDED = {State.GRANTED, State.PARTIALLY_GRANTED, State.REJECTED}
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {State.INFORMATION_REQUESTED, State.ELIGIBLE, State.INELIGIBLE, State.WITHDRAWN},
    # Set aside (buiten behandeling gesteld, Awb 4:5) is itself a decision, open to objection like every decision.
    State.INFORMATION_REQUESTED: {State.SUBMITTED, State.INELIGIBLE, State.SET_ASIDE, State.WITHDRAWN},
    State.ELIGIBLE: {State.ASSESSED, State.WITHDRAWN},
    State.INELIGIBLE: {State.REJECTED},  # refused by a decision with the reason it was declared ineligible
    State.SET_ASIDE: {
        State.SUBMITTED
    },  # handled again: only when a decision on objection revokes the setting aside
    State.ASSESSED: {*DECIDED, State.WITHDRAWN},
    State.GRANTED: {State.ADVANCE_ORDERED},
    State.PARTIALLY_GRANTED: {State.ADVANCE_ORDERED, State.GRANTED},  # granted: only on objection
    State.REJECTED: {State.GRANTED, State.PARTIALLY_GRANTED},  # only by a decision on objection
    State.ADVANCE_ORDERED: {State.ADVANCE_PAID},  # when the payment batch is paid, not before
    State.ADVANCE_PAID: {State.REPORT_DUE, State.SETTLED},
    State.REPORT_DUE: {State.REPORT_SUBMITTED},
    State.REPORT_SUBMITTED: {State.SETTLED, State.REPORT_DUE},
    State.SETTLED: {State.CLOSED, State.SETTLEMENT_REOPENED},  # reopened: only by a decision on objection
    State.SETTLEMENT_REOPENED: {State.SETTLED},
    State.CLOSED: set(),
    State.WITHDRAWN: set(),
}
# The changes of the table that only a decision on objection makes (Awb 7:11): `transition(..., on_objection=True)`.
ON_OBJECTION_ONLY: dict[str, set[str]] = {
    State.SET_ASIDE: {State.SUBMITTED},
    State.PARTIALLY_GRANTED: {State.GRANTED},
    State.REJECTED: {State.GRANTED, State.PARTIALLY_GRANTED},
    State.SETTLED: {State.SETTLEMENT_REOPENED},
}


# Parts of an application that an information request can reopen. In a tender round only the
# formal parts may be asked for: the plan and the amount are frozen at closing (Awb 4:26).
class Part(models.TextChoices):
    ATTACHMENTS = "attachments", _("attachments (e.g. statutes, a signed form)")
    CONTACT = "contact", _("contact details and period")
    PLAN = "plan", _("plan and reach")
    BUDGET = "budget", _("requested amount and budget")


FORMAL_PARTS = {Part.ATTACHMENTS, Part.CONTACT}


class Application(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "initiatives.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("In a few sentences: what, for whom, where.")
    )
    plan = models.TextField(
        _("plan"), blank=True, help_text=_("The activities, how you reach people and the result.")
    )
    themes = models.ManyToManyField("initiatives.Theme", verbose_name=_("themes"), blank=True)
    neighbourhoods = models.ManyToManyField(
        "initiatives.Neighbourhood", verbose_name=_("neighbourhoods"), blank=True
    )
    target_groups = models.ManyToManyField(
        "initiatives.TargetGroup", verbose_name=_("target groups"), blank=True
    )
    expected_reach = models.PositiveIntegerField(
        _("expected reach (people)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    requested_amount = EuroField(
        _("requested amount"), **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    complete_at = models.DateTimeField(
        _("complete since"),
        null=True,
        blank=True,
        help_text=_("Breaks ties in the ranking: earlier ranks higher."),
    )
    reopened_parts = models.JSONField(_("parts open for changes"), default=list, blank=True)
    eligibility_reason = models.TextField(_("reason (eligibility)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="application_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(reference__isnull=False),
                name="application_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="application_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "state"]),
            # The default ordering, and the admin's list (which adds -pk to make it total): read in index order.
            models.Index(fields=["-created_at", "-id"], name="application_newest_first"),
        ]

    def __str__(self):
        return f"{self.reference or _('draft')} – {self.title}"

    @property
    def is_editable_draft(self) -> bool:
        return self.state == State.DRAFT

    def can_edit(self, part: str) -> bool:
        """Whether the applicant may change this part now: everything in a draft; later, while the
        application may be submitted again (an information request), only the reopened parts."""
        if self.is_editable_draft:
            return True
        return State.SUBMITTED in ALLOWED_TRANSITIONS[self.state] and part in self.reopened_parts


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("cost item"), max_length=200)
    amount = EuroField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgetline_amount_positive")]

    def __str__(self):
        return f"{self.description}: {self.amount}"


def _private_storage():
    return private_storage


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    """A document with an application, stored outside the public media and served only to those allowed."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("statutes or registration extract")
        BUDGET = "budget", _("budget or quotation")
        PLAN = "plan", _("project plan")
        SIGNATURE = "signature", _("signed application form")
        REPORT = "report", _("accountability (report, receipts, photos)")
        OTHER = "other", _("other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), storage=_private_storage, upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def download_name(self) -> str:
        """The uploader's name with the extension of the type we detected (`rapport.html` holding a PDF
        downloads as `rapport.pdf`), so nobody's computer opens it as something it is not."""
        stem = self.original_name.rsplit(".", 1)[0] if "." in self.original_name else self.original_name
        extension = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        return f"{stem or 'bijlage'}.{extension}" if extension else stem


class StatusChange(models.Model):
    """One row per state change of an application: the history, append-only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from"), max_length=24, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    # A fixed note of the portal (tenders.history.NOTES) is shown in the reader's language; `note` keeps it as written.
    note_key = models.CharField(_("note key"), max_length=40, blank=True)
    note_params = models.JSONField(_("note parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        indexes = [
            # The ranking leaves out every application ever declared ineligible: a few rows to read, not all history.
            models.Index(
                fields=["application"], condition=Q(to_state="ineligible"), name="statuschange_ineligible"
            ),
        ]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"

    @property
    def shown_note(self) -> str:
        """The note in the reader's language when the portal wrote it; a person's words as they typed them."""
        if self.note_key in history.NOTES:
            return history.render(self.note_key, self.note_params)
        return self.note


class InformationRequest(models.Model):
    """Aanvulverzoek (Awb 4:5): the applicant is asked to complete parts of the application by a deadline.

    After the deadline the officer sets the application aside (buiten behandeling stellen), extends the deadline
    once, or accepts what is there and continues.
    """

    class Outcome(models.TextChoices):
        SET_ASIDE = "set_aside", _("set aside (buiten behandeling gesteld)")
        ACCEPTED = "accepted", _("continued with what was there")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("what is missing"))
    parts = models.JSONField(_("parts reopened"), default=list)
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("after the deadline"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=models.F("deadline")),
                name="informationrequest_extension_later",
            ),
        ]

    def __str__(self):
        return f"{self.application} ({self.deadline})"

    @property
    def ends_on(self) -> date:
        """The last day to answer: the deadline, or the one extension of it."""
        return self.extended_until or self.deadline

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.closed_at is None

    def has_expired(self, today: date | None = None) -> bool:
        """Open, and its last day has passed: the officer sets aside, extends once or continues (Awb 4:5)."""
        return self.is_open and (today or timezone.localdate()) > self.ends_on

    def suspended_until(self, now: datetime) -> datetime:
        """Until when it suspends the decision term (Awb 4:15(1)(a)): its answer, its end by the officer, or the
        end of its last day, whichever comes first; while open and running, now."""
        ends = [moment for moment in (self.answered_at, self.closed_at) if moment is not None]
        ends.append(timezone.make_aware(datetime.combine(self.ends_on, time.max)))
        return min([*ends, now])
