"""The objection procedure between receipt and decision (Awb chapters 6–7): acknowledgement, hearing or its
waiver, the decision term and its one extension, and the decisions on objection that keep the decision in force.

Lock order, as everywhere: the application, then the objection.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from outbox import services as outbox

from .. import letters, objection_letters
from ..models import Application, Decision, Hearing, Objection, ObjectionTermExtension

Outcome = Decision.Outcome
DECISION_WEEKS = 6  # Awb 7:10(1), and at most as long again once (7:10(3))


def decision_term_ends(objection_term_ends: date) -> date:
    """Awb 7:10(1): the decision on objection within six weeks, "gerekend vanaf de dag na die waarop de
    termijn voor het indienen van het bezwaarschrift is verstreken" — from the day after the objection term
    ended (moved past a weekend or public holiday, Algemene termijnenwet)."""
    return deadline_after(objection_term_ends, weeks=DECISION_WEEKS)


def _lock(objection: Objection) -> Objection:
    against = (
        Objection.objects.select_related("decision", "settlement", "reclaim").get(pk=objection.pk).against
    )
    Application.objects.select_for_update().get(pk=against.application_id)
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("decision", "settlement", "reclaim")
        .get(pk=objection.pk)
    )


def _pending(objection: Objection) -> None:
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("This objection has already been decided."))


def acknowledge(objection: Objection, *, objection_term_ends: date) -> None:
    """Awb 6:14: the receipt of an objection is confirmed in writing; the letter states the decision term
    (7:10). The applicant's members also get the "objection received" mail. Called by `register_objection`."""
    objection.decision_due_on = decision_term_ends(objection_term_ends)
    objection.save(update_fields=["decision_due_on"])
    objection_letters.issue_notice("objection_acknowledgement", objection, objection)
    outbox.enqueue("tenders.tasks.send_objection_mail", objection.pk, "received")


def decline_late(objection: Objection, *, objection_term_ends: date, by) -> Decision:
    """Awb 6:11: a late objection whose delay is not excused is declared inadmissible — a decision on objection
    with its letter. It is not heard: it is manifestly inadmissible (Awb 7:3(a))."""
    with override("nl"):
        reasons = _(
            "Your objection was received on %(received)s. The objection period ended on %(ended)s (Awb 6:7 and "
            "6:8). No excusable reason for the delay has been shown (Awb 6:11)."
        ) % {
            "received": date_format(objection.received_on, "j F Y"),
            "ended": date_format(objection_term_ends, "j F Y"),
        }
    Hearing.objects.create(
        objection=objection, waiver_ground=Hearing.Waiver.MANIFESTLY_INADMISSIBLE, waiver_reason=reasons,
        waived_at=timezone.now(), waived_by=by,
    )  # fmt: skip
    return decide_keeping(objection=objection, outcome=Outcome.OBJECTION_INADMISSIBLE, reasons=reasons, by=by)


@transaction.atomic
def plan_hearing(*, objection: Objection, starts_at: datetime, place: str, invited: str, by) -> Hearing:
    """Awb 7:2: the objector is invited to be heard, with the date, time and place; the invitation is a letter
    (no remedy) and the applicant's members get the "hearing planned" mail. Planned once."""
    objection = _lock(objection)
    _pending(objection)
    if Hearing.objects.filter(objection=objection).exists():
        raise ValidationError(_("A hearing has already been planned or waived for this objection."))
    if starts_at <= timezone.now():
        raise ValidationError(_("The hearing must be planned in the future."))
    if not place.strip():
        raise ValidationError(_("Give the place of the hearing."))
    hearing = Hearing.objects.create(
        objection=objection, starts_at=starts_at, place=place.strip(), invited=invited.strip(), planned_by=by
    )
    objection_letters.issue_notice(
        "hearing_invitation", hearing, objection, hearing=hearing, starts_at=timezone.localtime(starts_at)
    )
    outbox.enqueue("tenders.tasks.send_objection_mail", objection.pk, "hearing_planned")
    return hearing


@transaction.atomic
def minute_hearing(*, objection: Objection, minutes: str, attended: str, by) -> Hearing:
    """Awb 7:7: the minutes of the hearing — what was said and who attended — recorded after it took place."""
    objection = _lock(objection)
    _pending(objection)
    hearing = Hearing.objects.select_for_update().filter(objection=objection).first()
    if hearing is None or hearing.waived_at:
        raise ValidationError(_("Plan the hearing first; a waived hearing has no minutes."))
    if hearing.minuted_at:
        raise ValidationError(_("The minutes of this hearing have already been recorded."))
    if hearing.starts_at > timezone.now():
        raise ValidationError(_("The hearing has not taken place yet."))
    if not minutes.strip() or not attended.strip():
        raise ValidationError(_("Record the minutes and who attended."))
    hearing.minutes, hearing.attended = minutes.strip(), attended.strip()
    hearing.minuted_at, hearing.minuted_by = timezone.now(), by
    hearing.save(update_fields=["minutes", "attended", "minuted_at", "minuted_by"])
    return hearing


@transaction.atomic
def waive_hearing(*, objection: Objection, ground: str, reason: str, by) -> Hearing:
    """Awb 7:3: the objector need not be heard on one of its grounds (a–e); the reason is recorded."""
    objection = _lock(objection)
    _pending(objection)
    if Hearing.objects.filter(objection=objection).exists():
        raise ValidationError(_("A hearing has already been planned or waived for this objection."))
    if ground not in Hearing.Waiver.values:
        raise ValidationError(_("Choose one of the grounds of Awb 7:3."))
    if not reason.strip():
        raise ValidationError(_("Give the reason why the objector is not heard."))
    return Hearing.objects.create(
        objection=objection, waiver_ground=ground, waiver_reason=reason.strip(), waived_at=timezone.now(),
        waived_by=by,
    )  # fmt: skip


@transaction.atomic
def extend_term(*, objection: Objection, reason: str, by) -> ObjectionTermExtension:
    """Awb 7:10(3): the decision on objection may be postponed once, by at most six weeks, before the term
    ends; the objector is told in writing (a letter without remedy)."""
    objection = _lock(objection)
    _pending(objection)
    if ObjectionTermExtension.objects.filter(objection=objection).exists():
        raise ValidationError(_("The decision term has already been extended once (Awb 7:10(3))."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for postponing the decision."))
    previous = objection.decision_due_on
    if previous is None or previous < timezone.localdate():
        raise ValidationError(_("The decision term has ended; it can only be extended before it ends."))
    extension = ObjectionTermExtension.objects.create(
        objection=objection, previous_due_on=previous, due_on=deadline_after(previous, weeks=DECISION_WEEKS),
        reason=reason.strip(), extended_by=by,
    )  # fmt: skip
    objection.decision_due_on = extension.due_on
    objection.save(update_fields=["decision_due_on"])
    objection_letters.issue_notice("objection_term_extended", extension, objection, extension=extension)
    return extension


def require_heard(objection: Objection) -> None:
    """Awb 7:2–7:3: no decision on objection before the objector was heard (minutes) or the hearing waived."""
    hearing = Hearing.objects.filter(objection=objection).first()
    if hearing is None or not hearing.is_done:
        raise ValidationError(
            _(
                "The objection cannot be decided yet: record the minutes of the hearing, or waive it (Awb 7:3)."
            )
        )


def decide_keeping(*, objection: Objection, outcome: str, reasons: str, by) -> Decision:
    """Awb 7:11: an unfounded or inadmissible objection leaves the decision objected to in force. The decision on
    objection is recorded all the same, with its reasons (Awb 7:12) and its letter with the appeal clause; it
    grants nothing and books nothing. Call under the locks of `decide_objection`."""
    if outcome not in (Outcome.OBJECTION_UNFOUNDED, Outcome.OBJECTION_INADMISSIBLE):
        raise ValueError(outcome)
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision on the objection."))
    now = timezone.now()
    decision = Decision.objects.create(
        application_id=objection.against.application_id, outcome=outcome, granted_amount=0,
        reasons=reasons.strip(), decided_by=by, decided_at=now, objection_deadline=objection_deadline(now),
        on_objection=objection,
    )  # fmt: skip
    status = Objection.Status
    objection.status = status.DISMISSED if outcome == Outcome.OBJECTION_UNFOUNDED else status.INADMISSIBLE
    objection.save(update_fields=["status"])
    letters.issue_decision_letter(decision)
    return decision


def send_objection_mail(objection_id: int, occasion: str) -> None:
    """Mail the applicant's members, each in their language: the objection was received, or a hearing planned."""
    objection = Objection.objects.select_related(
        "decision__application", "settlement__application", "reclaim__application"
    ).get(pk=objection_id)
    application = objection.against.application
    hearing = Hearing.objects.filter(objection=objection).first()
    members = application.organisation.memberships.select_related("user").filter(user__is_active=True)
    for user in (membership.user for membership in members):
        with override(user.language):
            values = {
                "reference": application.reference, "title": application.title,
                "received": date_format(objection.received_on, "j F Y"),
                "due": date_format(objection.decision_due_on, "j F Y") if objection.decision_due_on else "",
                "link": settings.SITE_URL + reverse("portal:letters"),
            }  # fmt: skip
            if occasion == "hearing_planned" and hearing and hearing.starts_at:
                values["when"] = date_format(timezone.localtime(hearing.starts_at), "j F Y H:i")
                values["place"] = hearing.place
                subject = _("Hearing on your objection: %(reference)s")
                body = _(
                    "You are invited to explain your objection about “%(title)s” at a hearing on %(when)s, at "
                    "%(place)s. The invitation letter is in the portal: %(link)s"
                )
            else:
                subject = _("Objection received: %(reference)s")
                body = _(
                    "The municipality received your objection about “%(title)s” on %(received)s. It decides by "
                    "%(due)s. The acknowledgement letter is in the portal: %(link)s"
                )
            text = _("Dear %(name)s,\n\n%(what)s\n\nKind regards,\n%(municipality)s") % {
                "name": user.get_full_name() or user.get_username(), "what": body % values,
                "municipality": settings.MUNICIPALITY_NAME,
            }  # fmt: skip
            send_mail(subject % values, text, None, [user.email])
