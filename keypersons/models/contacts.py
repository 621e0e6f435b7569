"""Contact moments, each key person's last contact, and temperature readings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import KeyPerson
from .processing import PUBLIC_TASK, Processing
from .reference import Topic


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
    # AVG art. 6 and 14: with someone who has not (validly) consented, a contact can only be the conversation in
    # which they were informed and asked for consent; it then carries no topics and no notes.
    is_informing = models.BooleanField(
        _("information and consent question discussed"),
        default=False,
        help_text=_("Set when someone spoken to has no valid consent: nothing but this fact is recorded."),
    )
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
    (refresh_last_contact() in services/contacts.py). A person without any linked contact has no row; so erasing a
    person, which unlinks their contacts, removes it.
    """

    key_person = models.OneToOneField(
        KeyPerson,
        verbose_name=_("key person"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="latest_contact",
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
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
