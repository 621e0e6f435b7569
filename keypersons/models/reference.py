"""The reference lists the network describes people, contacts and signals with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import BilingualName

from .processing import PUBLIC_TASK, Processing


class SpecialCategory(models.TextChoices):
    """The special categories of personal data (AVG art. 9(1)) that the network's reference lists can touch."""

    BELIEF = "belief", _("religion or belief")
    ETHNICITY = "ethnicity", _("racial or ethnic origin")
    SEXUAL_ORIENTATION = "sexual_orientation", _("sexual orientation or gender identity")
    HEALTH = "health", _("health")
    POLITICS = "politics", _("political opinions")


class MarkedEntry(BilingualName):
    """A reference-list entry that may itself be a special category (AVG art. 9).

    A special entry may describe neighbourhoods and signals, but is linked to a named person only under a
    consent that names its category explicitly (services/consent_rules.py).
    """

    is_special = models.BooleanField(
        _("special category"),
        default=False,
        help_text=_(
            "Linked to a named person only when that person's consent names this category explicitly."
        ),
    )
    special_category = models.CharField(
        _("which special category"), max_length=20, choices=SpecialCategory.choices, blank=True
    )

    class Meta(BilingualName.Meta):
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(is_special=True, special_category__gt="")
                | Q(is_special=False, special_category=""),
                name="%(class)s_special_has_category",
            ),
        ]


class Domain(MarkedEntry):
    """A domain of work in which key persons move: youth, faith communities, sport, students, culture."""

    processing = Processing(
        _("Reference list to describe where key persons work."), PUBLIC_TASK, _("Kept."), personal=False
    )

    class Meta(MarkedEntry.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Topic(MarkedEntry):
    """A theme of tension (2021 decision): faith, left/right, environment, conspiracy thinking, …"""

    processing = Processing(
        _("Reference list of themes of tension for contacts and signals."),
        PUBLIC_TASK,
        _("Kept."),
        personal=False,
    )

    class Meta(MarkedEntry.Meta):
        verbose_name = _("theme of tension")
        verbose_name_plural = _("themes of tension")


class Partner(BilingualName):
    """A partner a signal can be escalated to: police, youth work, the safety domain."""

    contact_email = models.EmailField(
        _("e-mail address of the contact"),
        blank=True,
        help_text=_(
            "An escalated signal is mailed here: neighbourhood, theme, severity and summary, never a name."
        ),
    )

    processing = Processing(
        _("Reference list of partners that signals are escalated to."),
        PUBLIC_TASK,
        _("Kept."),
        personal=False,
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
