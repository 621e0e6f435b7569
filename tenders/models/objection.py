"""The steps of the objection procedure (Awb chapter 7) between receipt and decision: the hearing and the
extension of the decision term. Each is a subject of its own letter (one letter per subject)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .money import Objection


class Hearing(models.Model):
    """Hoorzitting (Awb 7:2): the objector is heard before the decision on objection — planned and minuted —
    unless the hearing is waived on one of the grounds of Awb 7:3, with the reason recorded."""

    class Waiver(models.TextChoices):
        MANIFESTLY_INADMISSIBLE = "a", _("the objection is manifestly inadmissible (Awb 7:3(a))")
        MANIFESTLY_UNFOUNDED = "b", _("the objection is manifestly unfounded (Awb 7:3(b))")
        DECLINED = "c", _("the objector declared not to wish to be heard (Awb 7:3(c))")
        NO_ANSWER = (
            "d",
            _(
                "the objector did not say within the reasonable term given that they wish to be heard (Awb 7:3(d))"
            ),
        )
        MET_IN_FULL = (
            "e",
            _(
                "the objection is met in full and no other interested party can be harmed by that (Awb 7:3(e))"
            ),
        )

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="hearing")
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    invited = models.TextField(_("attendees invited"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    attended = models.TextField(_("who attended"), blank=True)
    minuted_at = models.DateTimeField(_("minuted at"), null=True, blank=True)
    minuted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waiver_ground = models.CharField(
        _("ground for not hearing"), max_length=1, choices=Waiver.choices, blank=True
    )
    waiver_reason = models.TextField(_("reason"), blank=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            # Planned (and perhaps minuted) or waived with a ground and a reason — never both, never neither.
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False, waiver_ground="", waived_at__isnull=True)
                | Q(starts_at__isnull=True, minuted_at__isnull=True, waived_at__isnull=False)
                & ~Q(waiver_ground="")
                & ~Q(waiver_reason=""),
                name="hearing_planned_or_waived",
            ),
            models.CheckConstraint(
                condition=Q(minuted_at__isnull=True) | ~Q(minutes=""), name="hearing_minuted_with_minutes"
            ),
        ]

    def __str__(self):
        return f"{self.objection}: {self.state}"

    @property
    def state(self) -> str:
        if self.waived_at:
            return "waived"
        return "minuted" if self.minuted_at else "planned"

    @property
    def is_done(self) -> bool:
        """Heard (minutes recorded) or lawfully not heard: the objection may be decided."""
        return bool(self.minuted_at or self.waived_at)


class ObjectionTermExtension(models.Model):
    """Verdaging (Awb 7:10(3)): the decision on objection postponed once, by at most six weeks, with a letter."""

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="term_extension")
    previous_due_on = models.DateField(_("decide by (before)"))
    due_on = models.DateField(_("decide by (extended)"))
    reason = models.TextField(_("reason"))
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(_("extended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension of the decision term")
        verbose_name_plural = _("extensions of the decision term")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("previous_due_on")), name="extension_later"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
        ]

    def __str__(self):
        return f"{self.objection}: {self.due_on}"
