"""The officer's and assessors' side: eligibility, assignment, conflicts of interest and scores."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import ASSESSOR
from outbox import services as outbox

from .. import totals
from ..models import Application, Assessment, Criterion, Score, State
from ..workflow import can, transition


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def mark_eligible(*, application: Application, by) -> Application:
    """Declare the application eligible. In a first-come round decided on eligibility alone (Awb 4:25(2): in the order
    of receipt) there is no scoring panel: the application is ready for its decision at once."""
    application = transition(_lock(application), State.ELIGIBLE, by=by)
    if application.round.is_eligibility_only:
        transition(application, State.ASSESSED, by=by, note_key="eligibility_only")
    return application


@transaction.atomic
def mark_ineligible(*, application: Application, by, reason: str) -> Application:
    if not reason.strip():
        raise ValidationError(
            _("Give the reason why the application is ineligible; the applicant will read it.")
        )
    application = _lock(application)
    application.eligibility_reason = reason.strip()
    application.save(update_fields=["eligibility_reason", "updated_at"])
    return transition(application, State.INELIGIBLE, by=by, note=reason)


def assessors():
    return get_user_model().objects.filter(groups__name=ASSESSOR, is_active=True)


def ensure_can_assess(application: Application, assessor) -> None:
    """An assessor may be assigned to an application only once, and never after declaring a conflict of interest
    (Awb 2:4: the administrative body prevents that someone with a personal interest influences the decision)."""
    if not assessors().filter(pk=assessor.pk).exists():
        raise ValidationError(_("%(name)s is not an assessor.") % {"name": assessor.get_username()})
    existing = application.assessments.filter(assessor=assessor).first()
    if existing is not None and existing.has_conflict:
        raise ValidationError(
            _("%(name)s declared a conflict of interest for %(ref)s and cannot assess it.")
            % {"name": assessor.get_username(), "ref": application.reference}
        )
    if existing is not None:
        raise ValidationError(
            _("%(name)s is already assigned to this application.") % {"name": assessor.get_username()}
        )


@transaction.atomic
def assign_assessor(*, application: Application, assessor, by) -> Assessment:
    application = _lock(application)
    if not can(application, "assign_assessor"):
        raise ValidationError(_("Only an eligible application can be assigned to assessors."))
    ensure_can_assess(application, assessor)
    assessment = Assessment.objects.create(application=application, assessor=assessor, assigned_by=by)
    outbox.enqueue("tenders.tasks.send_assessor_assigned_mail", assessment.pk)
    return assessment


@transaction.atomic
def declare_conflict(*, assessment: Assessment, note: str) -> Assessment | None:
    """The assessor declares a conflict of interest: their scores go, and another assessor takes over.

    Returns the new assessment, or None when no other assessor is free (the officer then assigns one).
    """
    assessment = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if assessment.is_submitted:
        raise ValidationError(_("You have already submitted this assessment."))
    if not note.strip():
        raise ValidationError(_("Describe the conflict of interest briefly."))
    assessment.has_conflict = True
    assessment.conflict_note = note.strip()
    assessment.save(update_fields=["has_conflict", "conflict_note"])
    assessment.scores.all().delete()
    application = assessment.application
    taken = application.assessments.values("assessor")
    replacement = (
        assessors()
        .exclude(pk__in=taken)
        .annotate(load=Count("assessments", filter=Q(assessments__application__round=application.round_id)))
        .order_by("load", "pk")
        .first()
    )
    if replacement is None:
        # The remaining assessments may already be enough and all submitted.
        _complete_if_all_assessed(application)
        return None
    taken_over = Assessment.objects.create(
        application=application, assessor=replacement, assigned_by=assessment.assigned_by
    )
    outbox.enqueue("tenders.tasks.send_assessor_assigned_mail", taken_over.pk)
    return taken_over


@transaction.atomic
def save_scores(
    *, assessment: Assessment, scores: dict[int, tuple[int | None, str]], submit: bool
) -> Assessment:
    """Save the assessor's scores; on submit every criterion needs a score and a motivation.

    When the last of at least two assessors submits, the application becomes "assessed". A submitted assessment
    counts in the application's total at once (`tenders.totals`).
    """
    assessment = (
        Assessment.objects.select_for_update().select_related("application__round").get(pk=assessment.pk)
    )
    application = assessment.application
    if assessment.has_conflict:
        raise ValidationError(
            _("You declared a conflict of interest for this application; you cannot score it.")
        )
    if assessment.is_submitted:
        raise ValidationError(_("You have already submitted this assessment."))
    if not can(application, "assess"):
        raise ValidationError(_("This application is not open for assessment."))
    criteria = {c.pk: c for c in Criterion.objects.filter(round=application.round_id)}
    errors = {}
    for criterion_id, (value, motivation) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        if value is not None and not 0 <= value <= criterion.maximum_score:
            errors[criterion_id] = _("%(name)s: give a score from 0 to %(max)s.") % {
                "name": criterion.name,
                "max": criterion.maximum_score,
            }
        if submit and (value is None or not motivation.strip()):
            errors[criterion_id] = _("%(name)s: a score and a motivation are needed.") % {
                "name": criterion.name
            }
    if submit and set(scores) != set(criteria):
        errors[0] = _("Score every criterion before you submit.")
    if errors:
        raise ValidationError(list(errors.values()))
    for criterion_id, (value, motivation) in scores.items():
        if value is None:
            Score.objects.filter(assessment=assessment, criterion_id=criterion_id).delete()
            continue
        Score.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"score": value, "motivation": motivation.strip()},
        )
    if submit:
        assessment.submitted_at = timezone.now()
        assessment.save(update_fields=["submitted_at"])
        _complete_if_all_assessed(application)
        # The ranking reads the submitted scores from here. The application and its round are locked with the
        # assessment above, so submissions in a round are refreshed one after the other.
        totals.refresh([application.pk])
    return assessment


def _complete_if_all_assessed(application: Application) -> None:
    application = _lock(application)
    valid = application.assessments.filter(has_conflict=False)
    if valid.count() >= settings.MINIMUM_ASSESSORS and not valid.filter(submitted_at__isnull=True).exists():
        transition(application, State.ASSESSED, note_key="all_assessed")
