"""Signals of tension, their history and the actions that follow them up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import KeyPerson
from .processing import PUBLIC_TASK, Processing
from .reference import Partner, Topic


class SignalState(models.TextChoices):
    NEW = "new", _("new")
    ASSESSING = "assessing", _("assessing")
    ACTION = "action", _("action")
    MONITORING = "monitoring", _("monitoring")
    CLOSED = "closed", _("closed")


# The one table of allowed signal state changes; services.transition_signal() is its only user.
SIGNAL_TRANSITIONS: dict[str, set[str]] = {
    SignalState.NEW: {SignalState.ASSESSING, SignalState.CLOSED},
    SignalState.ASSESSING: {SignalState.ACTION, SignalState.MONITORING, SignalState.CLOSED},
    SignalState.ACTION: {SignalState.MONITORING, SignalState.CLOSED},
    SignalState.MONITORING: {SignalState.ACTION, SignalState.CLOSED},
    SignalState.CLOSED: {SignalState.ASSESSING},  # reopened when tension returns
}


class Signal(models.Model):
    """Signaal: tension observed in a neighbourhood around a theme. Never about a named resident."""

    class Severity(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")
        URGENT = 4, _("urgent")

    class Source(models.TextChoices):
        KEY_PERSON = "key_person", _("key person")
        PARTNER = "partner", _("partner")
        OBSERVATION = "observation", _("own observation")
        ONLINE = "online", _("online")
        MEDIA = "media", _("media")

    observed_on = models.DateField(_("observed on"))
    neighbourhood = models.ForeignKey(
        "initiatives.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    theme = models.ForeignKey(
        Topic, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="signals"
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    description = models.TextField(
        _("description"),
        help_text=_("Describe what happens in the neighbourhood, not who: never name residents."),
    )
    state = models.CharField(_("state"), max_length=12, choices=SignalState.choices, default=SignalState.NEW)
    escalated_to = models.ManyToManyField(
        Partner, verbose_name=_("escalated to"), blank=True, related_name="signals"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respond_by = models.DateField(
        _("respond by"),
        null=True,
        blank=True,
        help_text=_("Working days after recording, by severity (setting SIGNAL_RESPONSE_DAYS)."),
    )

    # Personal data: a description is free text and can hold a name, however firmly the help text says not to.
    processing = Processing(
        _("Noticing and following up tension in neighbourhoods."),
        PUBLIC_TASK,
        _("Kept for the evaluation; any name in a description is erased or pseudonymised with that person."),
    )

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=4), name="signal_severity_1_to_4"
            ),
        ]
        indexes = [
            # The dashboard's most urgent open signals, read in order without sorting all of them.
            models.Index(
                fields=["-severity", "-observed_on", "-id"],
                condition=~Q(state="closed"),
                name="signal_open_by_severity",
            ),
        ]

    def __str__(self):
        return f"{self.theme} – {self.neighbourhood} ({self.observed_on:%d-%m-%Y})"

    def get_absolute_url(self):
        return reverse("network:signal_detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        """Still new after its response deadline: nobody has started to assess it."""
        today = today or timezone.localdate()
        return self.state == SignalState.NEW and self.respond_by is not None and self.respond_by < today


class SignalStateChange(models.Model):
    """One row per state change of a signal: its history, append-only."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="history"
    )
    from_state = models.CharField(_("from"), max_length=12, choices=SignalState.choices)
    to_state = models.CharField(_("to"), max_length=12, choices=SignalState.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    processing = Processing(
        _("Accounting for how a signal was handled."),
        PUBLIC_TASK,
        _("Kept with the signal; any name in a note is erased or pseudonymised with that person."),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("signal state change")
        verbose_name_plural = _("signal state changes")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Action(models.Model):
    """Actie / opvolging: a follow-up on a signal or with a key person, with an owner and a due date."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    key_person = models.ForeignKey(
        KeyPerson,
        verbose_name=_("key person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # A cancelled action is finished (done_on set) with the reason why it was not done.
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    processing = Processing(
        _("Planning follow-up of signals and contacts."),
        PUBLIC_TASK,
        _("Actions with a key person are removed when the person is erased."),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(signal__isnull=False, key_person__isnull=True)
                | Q(signal__isnull=True, key_person__isnull=False),
                name="action_on_signal_or_key_person",
            ),
            models.CheckConstraint(
                condition=Q(cancel_reason="") | Q(done_on__isnull=False), name="action_cancelled_is_finished"
            ),
        ]
        indexes = [
            # Open actions by due date: the dashboard's overdue ones and the action list.
            models.Index(
                fields=["due_on", "id"], condition=Q(done_on__isnull=True), name="action_open_by_due_date"
            ),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancel_reason)


class Escalation(models.Model):
    """Opschaling: a signal handed to a partner, with the director's summary that was mailed and the feedback."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="escalations"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("escalated to"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("summary for the partner"))
    sent_to = models.EmailField(_("mailed to"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    feedback = models.TextField(_("feedback of the partner"), blank=True)
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)

    processing = Processing(
        _("Handing signals to partners and following their feedback."),
        PUBLIC_TASK,
        _("Kept with the signal; any name in it is erased or pseudonymised with that person."),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self):
        return f"{self.partner} ({self.at:%d-%m-%Y})"
