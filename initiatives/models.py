"""The registry: who does what, where and for whom.

Glossary: Organisation = organisatie, Initiative = initiatief, Neighbourhood = buurt,
district = stadsdeel, Campaign = campagne (the six from the 2017 council letter).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import kvk_number_validator, postcode_validator


class BilingualName(models.Model):
    """A reference list whose entries have a Dutch name and an English one."""

    name = models.CharField(_("name (Dutch)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Theme(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Neighbourhood(models.Model):
    """A buurt of Maastricht, grouped by district (stadsdeel)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    district = models.CharField(_("district"), max_length=120)

    class Meta:
        ordering = ["district", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self):
        return self.name


class Campaign(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    lead_organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_campaigns",
    )

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:campaign_detail", kwargs={"slug": self.slug})


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """What the public directory may show: public and verified."""
        return self.filter(is_public=True, status=Organisation.Status.VERIFIED)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("professional organisation")
        VOLUNTEER = "volunteer", _("volunteer organisation")
        FOUNDATION = "foundation", _("foundation")
        ASSOCIATION = "association", _("association")
        INFORMAL = "informal", _("informal group")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("registration requested")
        TO_VERIFY = "to_verify", _("to verify")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    # Fields shown in the public directory: changing one sends a verified organisation back to
    # "to verify", so the municipality never publishes what it has not checked.
    PUBLIC_FIELDS = (
        "name",
        "kind",
        "street",
        "house_number",
        "postcode",
        "city",
        "website",
        "email",
        "phone",
        "description",
        "neighbourhoods",
        "themes",
        "target_groups",
    )

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        blank=True,
        validators=[kvk_number_validator],
        help_text=_("The 8-digit number in the Chamber of Commerce register, if the organisation has one."),
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100, blank=True, default="Maastricht")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    neighbourhoods = models.ManyToManyField(Neighbourhood, verbose_name=_("neighbourhoods"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    is_subsidised = models.BooleanField(_("subsidised by the municipality"), default=False)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TO_VERIFY)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Where subsidies are paid. A member sets it; an officer verifies it before any payment to it, because a
    # changed account number is a classic fraud route (initiatives.services.change_bank_account).
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    iban_changed_at = models.DateTimeField(_("bank account changed at"), null=True, blank=True)
    iban_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bank account changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    iban_verified_at = models.DateTimeField(_("bank account verified at"), null=True, blank=True)
    iban_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bank account verified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("verify_organisation", _("Can verify organisations and approve registrations"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=~Q(kvk_number=""),
                name="organisation_kvk_number_unique",
                violation_error_message=_("An organisation with this KvK number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(kvk_number="") | Q(kvk_number__regex=r"^[0-9]{8}$"),
                name="organisation_kvk_number_8_digits",
            ),
            models.CheckConstraint(
                condition=Q(iban_verified_at__isnull=True) | ~Q(iban=""),
                name="organisation_verified_iban_is_set",
            ),
        ]
        indexes = [models.Index(fields=["status", "is_public"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_listed(self) -> bool:
        return self.is_public and self.status == self.Status.VERIFIED

    @property
    def has_verified_iban(self) -> bool:
        """Payments go only to an account an officer has verified since its last change."""
        return bool(self.iban) and self.iban_verified_at is not None


class Membership(models.Model):
    """A user acting for an organisation."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("contact person")
        EDITOR = "editor", _("editor")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InitiativeQuerySet(models.QuerySet):
    def listed(self):
        """Public initiatives of organisations the directory shows."""
        return self.filter(
            is_public=True, organisation__is_public=True, organisation__status=Organisation.Status.VERIFIED
        )


class Initiative(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    neighbourhoods = models.ManyToManyField(Neighbourhood, verbose_name=_("neighbourhoods"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IDEA)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:initiative_detail", kwargs={"slug": self.slug})
