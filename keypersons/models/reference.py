"""The reference lists the network describes people, contacts and signals with."""

from django.utils.translation import gettext_lazy as _

from initiatives.models import BilingualName

from .processing import PUBLIC_TASK, Processing


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
