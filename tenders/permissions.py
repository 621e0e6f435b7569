"""Who may see which applications and assessments, as queryset scopes (another's record is a 404)."""

from django.db.models import QuerySet

from accounts.roles import ASSESSOR, POLICY_OFFICER

from .models import Application, Assessment, Attachment


def is_policy_officer(user) -> bool:
    return user.is_authenticated and user.has_role(POLICY_OFFICER)


def is_assessor(user) -> bool:
    return user.is_authenticated and user.has_role(ASSESSOR)


def applications_of(user) -> QuerySet[Application]:
    """An organisation member's applications: those of their own organisations only."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__memberships__user=user)


def assessments_of(user) -> QuerySet[Assessment]:
    """An assessor's own assignments, without those where they declared a conflict."""
    if not is_assessor(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(assessor=user, has_conflict=False)


def attachments_visible_to(user) -> QuerySet[Attachment]:
    """Members see their organisation's documents; officers all; assessors those of their assignments."""
    if not user.is_authenticated:
        return Attachment.objects.none()
    if is_policy_officer(user):
        return Attachment.objects.all()
    member = Attachment.objects.filter(application__organisation__memberships__user=user)
    if is_assessor(user):
        assigned = Attachment.objects.filter(
            application__assessments__assessor=user, application__assessments__has_conflict=False
        )
        return (member | assigned).distinct()
    return member
