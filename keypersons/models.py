"""The key-person network of the polarisation director (regisseur aanpak polarisatie, B&W 21-12-2021).

Glossary: KeyPerson = sleutelpersoon, Network = netwerk, Tie = verbinding, ContactMoment = contactmoment,
TemperatureReading = temperatuurmeting, Signal = signaal (of tension), Action = actie / opvolging,
Consent = toestemming (AVG art. 9(2)(a)), AccessLog = toegangslog.

Privacy by design, and on purpose:
- no field anywhere for religion, ethnicity, political opinion, health or sexual orientation
  (tests/keypersons/test_fields.py holds the exact field list of every model);
- a key person's record beyond name and contact details, and their ties, exist only under a valid
  consent (see services.py); withdrawing or expiry removes them;
- signals and temperature readings are about neighbourhoods and themes: they have no link to any
  person, not even to the contact moment in which they were heard;
- every model says what it stores it for (`processing`), which the processing register renders.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models import BilingualName

PUBLIC_TASK = _("Public task of the municipality (AVG art. 6(1)(e); Gemeentewet art. 172 public order).")
EXPLICIT_CONSENT = _("Explicit consent of the key person (AVG art. 6(1)(a) and 9(2)(a)).")
ACCOUNTABILITY = _("Legal obligation to account for access (AVG art. 5(2) and 32).")


@dataclass(frozen=True)
class Processing:
    """What a model's data is for; rendered in the processing register (AVG art. 30)."""

    purpose: Promise
    legal_basis: Promise
    retention: Promise
    personal: bool = True


class Domain(BilingualName):
    """A domain of work in which key persons move: youth, faith communities, sport, students, culture."""

    processing = Processing(
        _("Reference list to describe where key persons work."), PUBLIC_TASK, _("Kept."), personal=False
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Topic(BilingualName):
    """A theme of tension (2021 decision): faith, left/right, environment, conspiracy thinking, …"""

    processing = Processing(
        _("Reference list of themes of tension for contacts and signals."),
        PUBLIC_TASK,
        _("Kept."),
        personal=False,
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("theme of tension")
        verbose_name_plural = _("themes of tension")


class Partner(BilingualName):
    """A partner a signal can be escalated to: police, youth work, the safety domain."""

    processing = Processing(
        _("Reference list of partners that signals are escalated to."),
        PUBLIC_TASK,
        _("Kept."),
        personal=False,
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


class KeyPerson(models.Model):
    """Sleutelpersoon: a socially engaged resident with access to formal and informal networks."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("prospect")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROSPECT)
    contact_every_weeks = models.PositiveSmallIntegerField(
        _("contact every (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("How often the director wants to speak to this person."),
    )
    introduced_by = models.ForeignKey(
        "self",
        verbose_name=_("introduced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced",
    )
    # Details below exist only under a valid consent (services.py enforces it).
    neighbourhoods = models.ManyToManyField(
        "initiatives.Neighbourhood", verbose_name=_("neighbourhoods"), blank=True, related_name="key_persons"
    )
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domains of work"), blank=True, related_name="key_persons"
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    position = models.TextField(
        pgettext_lazy("key person", "position"),
        blank=True,
        help_text=_("What makes this person a key person: their role and reach."),
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    processing = Processing(
        _(
            "Keeping in touch with key persons who help to take the temperature, signal and de-escalate tension."
        ),
        _(
            "Name and contact details: public task (AVG art. 6(1)(e)). Profile: explicit consent (AVG art. 9(2)(a))."
        ),
        _(
            "Profile until consent is withdrawn or expires; the whole record is reviewed after 2 years without contact."
        ),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("key person")
        verbose_name_plural = _("key persons")

    def __str__(self):
        return self.name if not self.erased_at else str(_("Erased key person"))

    def get_absolute_url(self):
        return reverse("network:person_detail", args=[self.pk])


class Consent(models.Model):
    """Toestemming (AVG art. 9(2)(a)): explicit, dated, with a scope and an expiry, withdrawable at any time."""

    class Scope(models.TextChoices):
        PROFILE = "profile", _("profile: neighbourhoods, domains, languages and position")
        PROFILE_AND_TIES = (
            "profile_and_ties",
            _("profile and ties to networks, organisations and other key persons"),
        )

    key_person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given on"))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    expires_on = models.DateField(_("expires on"))
    evidence = models.CharField(
        _("how it was given"),
        max_length=200,
        help_text=_("For example: signed consent form, e-mail of 3 March."),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    processing = Processing(
        _("Proof of the key person's explicit consent."),
        EXPLICIT_CONSENT,
        _("As long as the key person is in the network."),
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("given_on")), name="consent_expires_after_given"
            ),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} ({self.given_on} – {self.expires_on})"

    def is_valid_on(self, day: date) -> bool:
        return self.withdrawn_on is None and self.given_on <= day < self.expires_on

    @property
    def covers_ties(self) -> bool:
        return self.scope == self.Scope.PROFILE_AND_TIES


class Network(models.Model):
    """A formal or informal network: a religious community, neighbourhood network, sports club, online group."""

    class Kind(models.TextChoices):
        FORMAL = "formal", _("formal")
        INFORMAL = "informal", _("informal")

    class Category(models.TextChoices):
        RELIGIOUS = "religious", _("religious community")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood network")
        SPORT = "sport", _("sports club")
        STUDENTS = "students", _("student community")
        ONLINE = "online", _("online group")
        CULTURE = "culture", _("cultural association")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    neighbourhoods = models.ManyToManyField(
        "initiatives.Neighbourhood", verbose_name=_("neighbourhoods"), blank=True, related_name="networks"
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    processing = Processing(
        _("Knowing which communities the network reaches."),
        PUBLIC_TASK,
        _("Kept while relevant."),
        personal=False,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class Tie(models.Model):
    """Verbinding: a key person's tie to a network, another key person or an organisation of the registry."""

    class Strength(models.IntegerChoices):
        WEAK = 1, _("weak")
        REGULAR = 2, _("regular")
        STRONG = 3, _("strong")

    key_person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="ties")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="ties")
    other_person = models.ForeignKey(
        KeyPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="ties_from_others"
    )
    organisation = models.ForeignKey(
        "initiatives.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_person_ties",
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example: board member, coach.")
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength.choices, default=Strength.REGULAR
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    processing = Processing(
        _("Knowing who can reach whom, to de-escalate tension."),
        EXPLICIT_CONSENT,
        _("Until consent is withdrawn or expires."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(network__isnull=False, other_person__isnull=True, organisation__isnull=True)
                    | Q(network__isnull=True, other_person__isnull=False, organisation__isnull=True)
                    | Q(network__isnull=True, other_person__isnull=True, organisation__isnull=False)
                ),
                name="tie_has_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(other_person=models.F("key_person")), name="tie_not_to_self"),
            models.UniqueConstraint(fields=["key_person", "network"], name="tie_unique_network"),
            models.UniqueConstraint(fields=["key_person", "other_person"], name="tie_unique_person"),
            models.UniqueConstraint(fields=["key_person", "organisation"], name="tie_unique_organisation"),
        ]

    def __str__(self):
        return f"{self.key_person} – {self.target}"

    @property
    def target(self):
        return self.network or self.other_person or self.organisation

    @property
    def target_kind(self):
        if self.network_id:
            return _("network")
        if self.other_person_id:
            return _("key person")
        return _("organisation")


class ContactMoment(models.Model):
    """Contactmoment: who on the network was spoken to, when, how and about what."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("telephone")
        VIDEO = "video", _("video call")
        MESSAGE = "message", _("message or e-mail")
        MEETING = "meeting", _("network meeting")

    occurred_on = models.DateField(_("date"))
    key_persons = models.ManyToManyField(
        KeyPerson, verbose_name=_("key persons"), blank=True, related_name="contact_moments"
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="contact_moments"
    )
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    processing = Processing(
        _("Keeping the contact history of the network and planning follow-up."),
        PUBLIC_TASK,
        _(
            "Notes are removed when the key person is erased; the dated contact stays, unlinked, for statistics."
        ),
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")

    def __str__(self):
        return f"{self.get_channel_display()} {self.occurred_on:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("network:contact_detail", args=[self.pk])


class LastContact(models.Model):
    """The date of a key person's latest contact moment, derived from the contact moments.

    The dashboard and the key-person list need it for every person, and aggregating all contact
    moments on every visit is the slowest read of the network's pages. The services that link,
    unlink or re-date contact moments keep this row right, under the lock they hold on the people
    (services.refresh_last_contact()). A person without any linked contact has no row; so erasing a
    person, which unlinks their contacts, removes it.
    """

    key_person = models.OneToOneField(
        KeyPerson, on_delete=models.CASCADE, primary_key=True, related_name="latest_contact"
    )
    occurred_on = models.DateField(_("date"))

    processing = Processing(
        _("Knowing when each key person was last spoken to, to keep in touch."),
        PUBLIC_TASK,
        _("Derived from the contact moments; gone when the person's contacts are unlinked or erased."),
    )

    class Meta:
        verbose_name = _("last contact")
        verbose_name_plural = _("last contacts")

    def __str__(self):
        return f"{self.key_person_id}: {self.occurred_on:%d-%m-%Y}"


class TemperatureReading(models.Model):
    """Temperatuur: the tension in a neighbourhood, 1 calm – 5 high tension. About a place, never a person."""

    class Source(models.TextChoices):
        KEY_PERSON = "key_person", _("conversation with a key person")
        PARTNER = "partner", _("partner")
        OBSERVATION = "observation", _("own observation")
        ONLINE = "online", _("online")

    neighbourhood = models.ForeignKey(
        "initiatives.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("temperature"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 calm – 5 high tension."),
    )
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    processing = Processing(
        _("Following tension per neighbourhood over time."),
        PUBLIC_TASK,
        _("Kept for the evaluation."),
        personal=False,
    )

    class Meta:
        ordering = ["-measured_on", "-pk"]
        verbose_name = _("temperature reading")
        verbose_name_plural = _("temperature readings")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="temperature_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.neighbourhood}: {self.level}"


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
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    processing = Processing(
        _("Noticing and following up tension in neighbourhoods."),
        PUBLIC_TASK,
        _("Kept for the evaluation."),
        personal=False,
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


class SignalStateChange(models.Model):
    """One row per state change of a signal: its history, append-only."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from"), max_length=12, choices=SignalState.choices)
    to_state = models.CharField(_("to"), max_length=12, choices=SignalState.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    processing = Processing(
        _("Accounting for how a signal was handled."), PUBLIC_TASK, _("Kept with the signal."), personal=False
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("signal state change")
        verbose_name_plural = _("signal state changes")

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class Action(models.Model):
    """Actie / opvolging: a follow-up on a signal or with a key person, with an owner and a due date."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    key_person = models.ForeignKey(
        KeyPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    description = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
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
        ]
        indexes = [
            # Open actions by due date: the dashboard's overdue ones and the action list.
            models.Index(
                fields=["due_on", "id"], condition=Q(done_on__isnull=True), name="action_open_by_due_date"
            ),
        ]

    def __str__(self):
        return self.description[:60]


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessLog(models.Model):
    """Toegangslog: who read or changed which key-person record, when. Append-only: rows are never
    changed or deleted (and on PostgreSQL a trigger refuses it too). Holds ids, never names."""

    class What(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("viewed a list")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the scheduled tasks of the system."),
    )
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    object_type = models.CharField(_("record type"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    processing = Processing(
        _("Accounting for every read and change of key-person data."), ACCOUNTABILITY, _("5 years.")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.what} {self.object_type} {self.object_id or ''}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")


RETENTION_REVIEW_AFTER = timedelta(days=2 * 365)
