"""The assessment panel of a round, kept by the policy officer: who assesses which application."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outbox import services as outbox

from .. import totals
from ..models import Application, Assessment, ConsensusScore, Criterion
from ..workflow import can
from .assessment import ensure_can_assess


@transaction.atomic
def reassign_assessor(*, assessment: Assessment, assessor, by) -> Assessment:
    """Give an assessment that is not submitted yet to another assessor: the draft scores go with the old one.

    A submitted assessment or a declared conflict stays on record (Awb 2:4); for those, assign another assessor.
    The new assessor is mailed, as at every assignment.
    """
    assessment = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    application = Application.objects.select_for_update().get(pk=assessment.application_id)
    if not can(application, "assign_assessor"):
        raise ValidationError(_("Only an eligible application can be assigned to assessors."))
    if assessment.is_submitted or assessment.has_conflict:
        raise ValidationError(
            _(
                "A submitted assessment or a declared conflict of interest stays on record; assign another assessor."
            )
        )
    ensure_can_assess(application, assessor)
    assessment.delete()
    reassigned = Assessment.objects.create(application=application, assessor=assessor, assigned_by=by)
    # The new assessor is told, in their language, as at a first assignment (after commit, through the outbox).
    outbox.enqueue("tenders.tasks.send_assessor_assigned_mail", reassigned.pk)
    return reassigned


@transaction.atomic
def record_consensus(
    *, application: Application, criterion: Criterion, score: int, reason: str, by
) -> ConsensusScore:
    """Record the panel's agreed score on a criterion after a consensus talk; the ranking uses it instead of the
    assessors' average. Only for an assessed application that is not decided yet: the motivation of a decision must
    carry it (Awb 3:46), and the decisions follow the ranking it is part of (Awb 4:26)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not can(application, "decide"):
        raise ValidationError(
            _("An agreed score is recorded when every assessment is in and before the decision.")
        )
    if criterion.round_id != application.round_id:
        raise ValidationError(_("Unknown criterion."))
    if score is None or not 0 <= score <= criterion.maximum_score:
        raise ValidationError(
            _("%(name)s: give a score from 0 to %(max)s.")
            % {"name": criterion.name, "max": criterion.maximum_score}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the agreed score; it is disclosed with the decision."))
    agreed, _created = ConsensusScore.objects.update_or_create(
        application=application,
        criterion=criterion,
        defaults={"score": score, "reason": reason.strip(), "recorded_by": by},
    )
    totals.refresh([application.pk])  # under the application's lock, taken above
    return agreed
