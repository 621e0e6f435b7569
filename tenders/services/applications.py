"""The applicant's side: drafts, attachments, submission, information requests, withdrawal."""

import logging
import uuid
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from maastricht_inclusie.archives import ArchiveRefused, check_unpacked_size
from maastricht_inclusie.deadlines import deadline_after, end_of_day
from maastricht_inclusie.money import euro
from outbox import services as outbox

from ..history import NOTES
from ..models import FORMAL_PARTS, Application, Attachment, BudgetLine, InformationRequest, Part, Round, State
from ..workflow import can, transition

logger = logging.getLogger(__name__)

# Which fields belong to which part of the application (an information request reopens parts).
PART_FIELDS = {
    Part.PLAN: ("title", "summary", "plan", "themes", "neighbourhoods", "target_groups", "expected_reach"),
    Part.CONTACT: ("starts_on", "ends_on"),
    Part.BUDGET: ("requested_amount",),
}

# What the applicant declares to submit (Awb 4:2(1)); written in the history, in the words they saw.
DECLARATION = NOTES["declaration"]

ALLOWED_UPLOADS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
}


@transaction.atomic
def start_application(*, round_: Round, organisation, by, title: str) -> Application:
    """Open a draft for the organisation in a published round that is open, or that has not opened yet when the
    round says drafts may be started before its opening (its published rules, Awb 4:25)."""
    if not round_.accepts_drafts():
        if round_.is_published and not round_.has_closed():
            raise ValidationError(
                _("This round opens on %(opens)s; you can start an application from then on.")
                % {"opens": _moment(round_.opens_at)}
            )
        raise ValidationError(_("This round does not accept applications."))
    return Application.objects.create(
        round=round_, organisation=organisation, created_by=by, title=title.strip()
    )


def _moment(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def save_draft(*, application: Application, data: dict, budget_lines: list[dict] | None, by) -> Application:
    """Save what the applicant typed: everything in a draft, only the reopened parts after an information request."""
    application = _lock(application)
    editable = {name for part, names in PART_FIELDS.items() if application.can_edit(part) for name in names}
    refused = [name for name in data if name not in editable]
    if refused or (budget_lines is not None and not application.can_edit(Part.BUDGET)):
        raise ValidationError(_("These parts of the application can no longer be changed."))
    m2m = {}
    for name, value in data.items():
        if Application._meta.get_field(name).many_to_many:
            m2m[name] = value
        else:
            setattr(application, name, value)
    application.full_clean(exclude=["round", "organisation", "created_by", "submitted_by"])
    application.save()
    for name, value in m2m.items():
        getattr(application, name).set(value)
    if budget_lines is not None:
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, description=line["description"], amount=line["amount"])
            for line in budget_lines
        )
    return application


def detect_upload_type(upload) -> str | None:
    """The file's type from its first bytes, never from its name."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


# Office documents are zip archives: checked for what they unpack to before an officer opens them.
ZIP_BASED = frozenset({"docx", "odt", "xlsx"})


@transaction.atomic
def add_attachment(*, application: Application, upload, kind: str, by) -> Attachment:
    application = _lock(application)
    report_due = can(application, "submit_report")
    reporting = report_due and kind == Attachment.Kind.REPORT
    if not (application.can_edit(Part.ATTACHMENTS) or reporting):
        if report_due:
            raise ValidationError(_("While your report is due, add documents of the kind “accountability”."))
        raise ValidationError(_("You cannot add documents to this application now."))
    limit = settings.MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    content_type = detect_upload_type(upload)
    if content_type not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("%(name)s is not a PDF, DOCX, ODT, XLSX, JPG or PNG file (we check the content, not the name).")
            % {"name": upload.name}
        )
    if ALLOWED_UPLOADS[content_type] in ZIP_BASED:
        try:
            check_unpacked_size(upload, **settings.ATTACHMENT_ARCHIVE_LIMITS)
        except ArchiveRefused as refused:
            raise ValidationError(
                _("%(name)s unpacks to far more data than it holds, or is damaged; it is refused.")
                % {"name": upload.name}
            ) from refused
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    # Stored under a random name with the extension of the detected type: the uploader's name is only shown.
    attachment.file.save(f"{uuid.uuid4().hex}.{ALLOWED_UPLOADS[content_type]}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by) -> None:
    application = _lock(attachment.application)
    if not application.can_edit(Part.ATTACHMENTS):
        raise ValidationError(_("You cannot remove documents from this application now."))
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def missing_items(application: Application) -> list[str]:
    """What still has to be filled in before the application can be submitted, in the applicant's words."""
    round_ = application.round
    missing = []
    if not application.summary.strip():
        missing.append(_("a summary"))
    if not application.plan.strip():
        missing.append(_("the plan"))
    if not application.themes.exists():
        missing.append(_("at least one theme"))
    if not application.neighbourhoods.exists():
        missing.append(_("at least one neighbourhood"))
    if not application.target_groups.exists():
        missing.append(_("at least one target group"))
    if not application.expected_reach:
        missing.append(_("the expected reach"))
    if not (application.starts_on and application.ends_on):
        missing.append(_("the planned period"))
    amount = application.requested_amount
    if amount is None:
        missing.append(_("the requested amount"))
    elif not (round_.minimum_amount <= amount <= round_.maximum_amount):
        missing.append(
            _("a requested amount between %(min)s and %(max)s (now %(amount)s)")
            % {"min": euro(round_.minimum_amount), "max": euro(round_.maximum_amount), "amount": euro(amount)}
        )
    lines_total = sum((line.amount for line in application.budget_lines.all()), Decimal("0"))
    if not application.budget_lines.exists():
        missing.append(_("a budget with at least one cost item"))
    elif amount is not None and lines_total != amount:
        missing.append(
            _(
                "a budget that adds up to the requested amount: the cost items add up to %(total)s, you request %(amount)s"
            )
            % {"total": euro(lines_total), "amount": euro(amount)}
        )
    return missing


@transaction.atomic
def submit(*, application: Application, by, declared_truthful: bool) -> Application:
    """Submit the application: it gets its reference and the applicant a confirmation.

    Awb 4:2(1): an application is signed. In the portal the applicant signs by declaring that the application
    is filled in completely and truthfully; without that declaration nothing is submitted, and the declaration
    is written in the history with the submission. A second submit of the same application (a double click, a
    retry) changes nothing. Before the round's opening and after its closing moment submission is refused and the
    draft is kept, whatever the allocation method; so is a submission past the round's number of applications per
    organisation (withdrawn ones do not count), counted under the lock on the round row.
    """
    round_ = Round.objects.select_for_update().select_related("programme").get(pk=application.round_id)
    application = _lock(application)
    if application.state != State.DRAFT:
        if application.reference:
            return application
        raise ValidationError(_("This application cannot be submitted."))
    if not declared_truthful:
        raise ValidationError(_("Declare that you filled in the application truthfully, to submit it."))
    now = timezone.now()
    if now < round_.opens_at:
        raise ValidationError(
            _(
                "The round opens on %(opens)s; you can submit your application from then on. Your draft is kept."
            )
            % {"opens": _moment(round_.opens_at)}
        )
    if now >= round_.closes_at:
        raise ValidationError(
            _(
                "The round closed on %(closed)s; your application can no longer be submitted. Your draft is kept."
            )
            % {"closed": _moment(round_.closes_at)}
        )
    # The round row is locked above, so two submissions of one organisation cannot both pass this count.
    earlier = (
        Application.objects.filter(round=round_, organisation_id=application.organisation_id)
        .exclude(state__in=(State.DRAFT, State.WITHDRAWN))
        .count()
    )
    if earlier >= round_.applications_per_organisation:
        raise ValidationError(
            ngettext(
                "Your organisation has already submitted %(count)s application in this round, the most it may "
                "submit. Withdraw it first to submit this one. Your draft is kept.",
                "Your organisation has already submitted %(count)s applications in this round, the most it may "
                "submit. Withdraw one first to submit this one. Your draft is kept.",
                earlier,
            )
            % {"count": earlier}
        )
    missing = missing_items(application)
    if missing:
        raise ValidationError(
            _("Your application is not complete yet. Missing: %(items)s.") % {"items": "; ".join(missing)}
        )
    number = Application.objects.filter(round=round_, reference__isnull=False).count() + 1
    application.reference = f"{round_.programme.code}-R{round_.number}-{number:04d}"
    application.submitted_at = now
    application.complete_at = now
    application.submitted_by = by
    application.save(update_fields=["reference", "submitted_at", "complete_at", "submitted_by", "updated_at"])
    transition(application, State.SUBMITTED, by=by, note_key="declaration")
    # Queued after commit; the task retries with backoff when the mail server is away.
    outbox.enqueue("tenders.tasks.send_submission_confirmation", application.pk)
    return application


def send_confirmation(application_id: int) -> None:
    application = Application.objects.select_related("submitted_by", "round").get(pk=application_id)
    user = application.submitted_by
    with override(user.language):
        send_mail(
            _("Application %(reference)s received") % {"reference": application.reference},
            _(
                "We have received your application “%(title)s” for %(round)s.\n"
                "Reference: %(reference)s\nRequested amount: %(amount)s\n\n"
                "We check whether it is complete and let you know if anything is missing."
            )
            % {
                "title": application.title,
                "round": application.round.title,
                "reference": application.reference,
                "amount": euro(application.requested_amount),
            },
            None,
            [user.email],
        )


@transaction.atomic
def withdraw(*, application: Application, by, reason: str = "") -> Application:
    """The applicant withdraws; allowed in every state before a decision."""
    application = _lock(application)
    return transition(application, State.WITHDRAWN, by=by, note=reason)


@transaction.atomic
def request_information(
    *, application: Application, by, message: str, parts: list[str]
) -> InformationRequest:
    """Ask the applicant to complete the application (Awb 4:5); only the named parts reopen."""
    application = _lock(application)
    if not message.strip() or not parts:
        raise ValidationError(_("Say what is missing and which parts the applicant may change."))
    if application.round.is_tender and not set(parts) <= FORMAL_PARTS:
        # Awb 4:26: in a tender the plan and the amount are frozen at closing; only formal items may be added.
        raise ValidationError(
            _(
                "In a tender round you may only ask for formal items (documents, contact details), not for changes to the plan or the amount."
            )
        )
    request = InformationRequest.objects.create(
        application=application,
        requested_by=by,
        message=message.strip(),
        parts=sorted(parts),
        deadline=deadline_after(timezone.now(), days=settings.INFORMATION_REQUEST_DAYS),
    )
    application.reopened_parts = sorted(parts)
    application.save(update_fields=["reopened_parts", "updated_at"])
    transition(application, State.INFORMATION_REQUESTED, by=by, note=message)
    # Awb 4:5: the applicant is told what is missing, by when, and where to complete it.
    outbox.enqueue("tenders.tasks.send_information_request_mail", request.pk, "made")
    return request


@transaction.atomic
def answer_information_request(*, application: Application, by, answer: str = "") -> Application:
    """The applicant sends the completed application back; the reopened parts close again."""
    application = _lock(application)
    request = application.information_requests.filter(
        answered_at__isnull=True, closed_at__isnull=True
    ).first()
    if application.state != State.INFORMATION_REQUESTED or request is None:
        raise ValidationError(_("There is no open information request for this application."))
    if timezone.now() > end_of_day(request.ends_on):
        raise ValidationError(
            _("The deadline of %(deadline)s has passed; contact the municipality.")
            % {"deadline": date_format(request.ends_on)}
        )
    missing = missing_items(application)
    if missing:
        raise ValidationError(
            _("Your application is not complete yet. Missing: %(items)s.") % {"items": "; ".join(missing)}
        )
    now = timezone.now()
    request.answered_at = now
    request.answer = answer.strip()
    request.save(update_fields=["answered_at", "answer"])
    application.reopened_parts = []
    application.complete_at = now
    application.save(update_fields=["reopened_parts", "complete_at", "updated_at"])
    return transition(application, State.SUBMITTED, by=by, note=answer)
