"""The information request (aanvulverzoek, Awb 4:5) after it is made: the applicant's mail, and what the officer
does once its deadline has passed — set the application aside, extend the deadline once, or continue."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from maastricht_inclusie.deadlines import objection_deadline
from outbox import services as outbox

from .. import letters
from ..models import Application, Decision, InformationRequest, State
from ..workflow import transition


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def open_request(application: Application) -> InformationRequest | None:
    """The application's open information request, if any (from the prefetched requests when there are)."""
    return next((r for r in application.information_requests.all() if r.is_open), None)


def expired_request(application: Application) -> InformationRequest:
    """The open request whose deadline has passed; refused with the reason when there is none."""
    request = open_request(application)
    if application.state != State.INFORMATION_REQUESTED or request is None:
        raise ValidationError(_("There is no open information request for this application."))
    if not request.has_expired():
        raise ValidationError(
            _("The applicant may still answer until %(date)s; decide after that day.")
            % {"date": date_format(request.ends_on)}
        )
    return request


def _close(request: InformationRequest, *, outcome: str, reason: str) -> None:
    request.closed_at = timezone.now()
    request.outcome = outcome
    request.outcome_reason = reason
    request.save(update_fields=["closed_at", "outcome", "outcome_reason"])


@transaction.atomic
def set_aside(*, application: Application, reasons: str, by) -> Decision:
    """Set the application aside (buiten behandeling stellen, Awb 4:5(1)): the applicant did not complete it within
    the term given. Only after that term, with reasons. It is a decision (Awb 1:3): its letter names what was asked
    and not given, the reasons and the objection clause, and is stored and sent like every decision letter."""
    application = _lock(application)
    request = expired_request(application)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for setting the application aside.")})
    _close(request, outcome=InformationRequest.Outcome.SET_ASIDE, reason=reasons.strip())
    application.reopened_parts = []
    application.save(update_fields=["reopened_parts", "updated_at"])
    now = timezone.now()
    decision = Decision.objects.create(
        application=application, outcome=Decision.Outcome.SET_ASIDE, granted_amount=0, reasons=reasons.strip(),
        decided_by=by, decided_at=now, objection_deadline=objection_deadline(now),
    )  # fmt: skip
    note = _("Set aside (buiten behandeling gesteld, Awb 4:5): %(reasons)s") % {"reasons": reasons.strip()}
    transition(application, State.SET_ASIDE, by=by, note=note)
    letters.issue_decision_letter(decision)
    return decision


@transaction.atomic
def extend_information_request(
    *, application: Application, until: date, reason: str, by
) -> InformationRequest:
    """Extend the applicant's term to complete the application, once, with a reason (Awb 4:5(1): "a term given");
    the decision term stays suspended meanwhile (Awb 4:15)."""
    application = _lock(application)
    request = open_request(application)
    if application.state != State.INFORMATION_REQUESTED or request is None:
        raise ValidationError(_("There is no open information request for this application."))
    errors = {}
    if request.extended_until is not None:
        errors["until"] = _("The deadline was extended once already; set the application aside or continue.")
    elif until <= max(request.deadline, timezone.localdate()):
        errors["until"] = _("The new deadline must be after today and after the current one.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the extension.")
    if errors:
        raise ValidationError(errors)
    request.extended_until = until
    request.extension_reason = reason.strip()
    request.save(update_fields=["extended_until", "extension_reason"])
    outbox.enqueue("tenders.tasks.send_information_request_mail", request.pk, "extended")
    return request


@transaction.atomic
def continue_without_answer(*, application: Application, note: str, by) -> Application:
    """Accept what is there and continue the procedure after an expired request: the application returns to the
    completeness check as it stands, and the decision term runs again (Awb 4:15)."""
    application = _lock(application)
    request = expired_request(application)
    _close(request, outcome=InformationRequest.Outcome.ACCEPTED, reason=note.strip())
    application.reopened_parts = []
    application.save(update_fields=["reopened_parts", "updated_at"])
    if note.strip():
        return transition(application, State.SUBMITTED, by=by, note=note.strip())
    return transition(application, State.SUBMITTED, by=by, note_key="continued")


def send_request_mail(request_id: int, occasion: str) -> None:
    """Mail the organisation's members about an information request: made or extended. (Setting aside is a
    decision: its letter is mailed as every decision letter.)"""
    request = InformationRequest.objects.select_related("application__round").get(pk=request_id)
    application = request.application
    members = application.organisation.memberships.select_related("user").filter(user__is_active=True)
    for membership in members:
        user = membership.user
        with override(user.language):
            link = settings.SITE_URL + reverse("portal:application_detail", args=[application.pk])
            values = {
                "reference": application.reference, "title": application.title, "message": request.message,
                "date": date_format(request.ends_on, "j F Y"), "link": link, "reason": request.extension_reason,
            }  # fmt: skip
            subject, body = {
                "made": (
                    _("Please complete your application %(reference)s"),
                    _("The municipality needs more from you to handle “%(title)s”.\n\nWhat is missing:\n%(message)s"
                      "\n\nPlease complete your application by %(date)s at the latest, on its page: %(link)s\n"
                      "Until then the decision term waits. If it is not complete by then, the municipality may set "
                      "the application aside (Awb 4:5)."),
                ),
                "extended": (
                    _("More time to complete your application %(reference)s"),
                    _("You now have until %(date)s to complete “%(title)s”. Reason: %(reason)s\n\n%(link)s"),
                ),
            }[occasion]  # fmt: skip
            letter = _("Dear %(name)s,\n\n%(what)s\n\nKind regards,\n%(municipality)s") % {
                "name": user.get_full_name() or user.get_username(), "what": body % values,
                "municipality": settings.MUNICIPALITY_NAME,
            }  # fmt: skip
            send_mail(subject % values, letter, None, [user.email])
