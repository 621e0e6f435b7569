"""Networks and the ties of key persons to networks, organisations and each other."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import KeyPerson
from .processing import EXPLICIT_CONSENT, PUBLIC_TASK, Processing
from .reference import SpecialCategory


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

    # Personal data: a network's name or description can name a person ("Vrouwengroep Yasmina").
    processing = Processing(
        _("Knowing which communities the network reaches."),
        PUBLIC_TASK,
        _("Kept while relevant; any name in it is erased or pseudonymised with that person."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    @property
    def special_category(self) -> str:
        """The special category (AVG art. 9) that belonging to this network reveals, or ""."""
        return SPECIAL_NETWORK_CATEGORIES.get(self.category, "")


# Network categories that are themselves a special category: a tie to such a network reveals it.
SPECIAL_NETWORK_CATEGORIES = {Network.Category.RELIGIOUS: SpecialCategory.BELIEF}


class Tie(models.Model):
    """Verbinding: a key person's tie to a network, another key person or an organisation of the registry."""

    class Strength(models.IntegerChoices):
        WEAK = 1, _("weak")
        REGULAR = 2, _("regular")
        STRONG = 3, _("strong")

    key_person = models.ForeignKey(
        KeyPerson, verbose_name=_("key person"), on_delete=models.CASCADE, related_name="ties"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ties",
    )
    other_person = models.ForeignKey(
        KeyPerson,
        verbose_name=_("other key person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ties_from_others",
    )
    organisation = models.ForeignKey(
        "initiatives.Organisation",
        verbose_name=_("organisation"),
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
