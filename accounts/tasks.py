from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry date; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def send_rights_changed_mail(**change) -> int:
    """Tell the director and the application managers about a change of someone's rights."""
    from .notifications import rights_changed

    return rights_changed(**change)
