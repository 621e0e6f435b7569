"""Mail for the moments of an application besides its letters, each in the recipient's own language, with a
salutation, what happened, what to do and by when, a link to the page, and a sign-off. Sent by the tasks in
tasks.py through the outbox, one message per recipient, so a retry mails nobody twice."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Assessment

User = get_user_model()


def _mail(user, subject: str, what: str, url_name: str, pk: int) -> None:
    name = user.get_full_name() or user.get_username()
    body = _("Dear %(name)s,\n\n%(what)s\n\n%(url)s\n\nKind regards,\n%(municipality)s") % {
        "name": name, "what": what, "url": settings.SITE_URL + reverse(url_name, args=[pk]),
        "municipality": settings.MUNICIPALITY_NAME,
    }  # fmt: skip
    send_mail(subject, body, None, [user.email])


def assessor_assigned(assessment_id: int) -> None:
    assessment = Assessment.objects.select_related("application__round", "assessor").get(pk=assessment_id)
    user, application = assessment.assessor, assessment.application
    deadline = application.round.assessment_deadline
    with override(user.language):
        due = (
            _("Please submit your scores by %(date)s.") % {"date": date_format(deadline, "j F Y")}
            if deadline
            else ""
        )
        _mail(
            user,
            _("New assessment: %(ref)s") % {"ref": application.reference},
            _("You are asked to assess the application “%(title)s” (%(ref)s). Declare a conflict of interest "
              "first if you have one.") % {"title": application.title, "ref": application.reference} + " " + due,
            "assessment:assess", assessment.pk,
        )  # fmt: skip
