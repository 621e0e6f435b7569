"""Reads of letters: scoped by construction to what a user may see."""

from django.db.models import Prefetch, QuerySet

from .models import Delivery, Letter


def with_deliveries(letters: QuerySet) -> QuerySet:
    return letters.select_related("organisation").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.select_related("message"))
    )


def letters_of_member(user) -> QuerySet:
    """The letters to the organisations the user is a member of; another organisation's do not exist here."""
    if not user.is_authenticated:
        return Letter.objects.none()
    return Letter.objects.filter(organisation__memberships__user=user).select_related("organisation")


def letters_about(subjects) -> QuerySet:
    """The letters of these subjects (e.g. an application's decisions), with their deliveries."""
    from django.contrib.contenttypes.models import ContentType

    subjects = list(subjects)
    if not subjects:
        return Letter.objects.none()
    content_type = ContentType.objects.get_for_model(subjects[0])
    return with_deliveries(
        Letter.objects.filter(subject_type=content_type, subject_id__in=[s.pk for s in subjects])
    )
