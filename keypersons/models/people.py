"""Key persons and their consent (AVG art. 9(2)(a))."""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .processing import EXPLICIT_CONSENT, Processing
from .reference import Domain, SpecialCategory


class InformedHow(models.TextChoices):
    IN_PERSON = "in_person", _("in person, text handed over")
    LETTER = "letter", _("by letter")
    EMAIL = "email", _("by e-mail")
    PHONE = "phone", _("by telephone, text sent afterwards")


class KeyPerson(models.Model):
    """Sleutelpersoon: a socially engaged resident with access to formal and informal networks.

    Without a valid consent the person is a prospect: name, a way to reach them, who introduced them and when,
    how, by whom and with which text they were informed (AVG art. 14) — nothing else.
    """

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
    # Details below exist only under a valid consent (services/people.py enforces it).
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
    # AVG art. 14: when, how, by whom and with which information text the person was informed.
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    informed_how = models.CharField(_("informed how"), max_length=10, choices=InformedHow.choices, blank=True)
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("informed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    information_text = models.ForeignKey(
        "keypersons.InformationText",
        verbose_name=_("information text given"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # AVG art. 18: kept, not used: offered nowhere, listed and shown only to the director (services/rights.py).
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)

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

    key_person = models.ForeignKey(
        KeyPerson, verbose_name=_("key person"), on_delete=models.CASCADE, related_name="consents"
    )
    given_on = models.DateField(_("given on"))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    expires_on = models.DateField(_("expires on"))
    evidence = models.CharField(
        _("how it was given"),
        max_length=200,
        help_text=_("For example: signed consent form, e-mail of 3 March."),
    )
    # AVG art. 9(2)(a): explicit and specific. A special category is linked to this person only when named here.
    special_categories = models.JSONField(
        _("special categories explicitly covered"),
        default=list,
        blank=True,
        help_text=_(
            "Only the special categories the person agreed to, in so many words, on the consent form."
        ),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
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

    def covers_category(self, category: str) -> bool:
        return not category or category in self.special_categories

    def special_category_labels(self) -> list[str]:
        return [
            str(SpecialCategory(value).label)
            for value in self.special_categories
            if value in SpecialCategory.values
        ]


RETENTION_REVIEW_AFTER = timedelta(days=2 * 365)
