"""Informing people about the network (AVG art. 12 and 14): a versioned information text, and who was told what."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..audit import log_access
from ..models import AccessLog, InformationText, InformedHow, KeyPerson
from .dates import refuse_future
from .people import RESTRICTED


def current_information_text() -> InformationText | None:
    return InformationText.objects.order_by("-version").first()


@transaction.atomic
def save_information_text(*, by, body: str) -> InformationText:
    """A new version of the information text (AVG art. 12(1) and 14): the old versions stay unchanged.

    People were informed with a particular version, and must be able to see again what they were told, so a
    version is never edited; an unchanged text makes no new version.
    """
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Write the information text.")})
    latest = InformationText.objects.select_for_update().order_by("-version").first()
    if latest and latest.body.strip() == body:
        return latest
    try:
        with transaction.atomic():
            text = InformationText.objects.create(
                version=(latest.version if latest else 0) + 1, body=body, created_by=by
            )
    except IntegrityError:  # someone saved a version at the same moment
        raise ValidationError(_("Someone else saved a new version just now. Reload the page.")) from None
    log_access(by, AccessLog.What.CREATE, text)
    return text


@transaction.atomic
def record_informed(
    *, person: KeyPerson, by, informed_on: date, how: str, text: InformationText
) -> KeyPerson:
    """Record when, how, by whom and with which text a person was informed (AVG art. 14(1), (2) and (3)(b)).

    Art. 14(3)(b): when the data are used to communicate with the person, they are informed at the latest at
    the first communication; the record shows that it happened and with which version of the text.
    """
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This key person has been erased already."))
    if person.restricted_at:
        raise ValidationError(RESTRICTED)
    if how not in InformedHow.values:
        raise ValidationError({"how": _("Choose how the person was informed.")})
    if text is None or text.pk is None:
        raise ValidationError({"text": _("Choose the version of the information text the person was given.")})
    if informed_on is None:
        raise ValidationError({"informed_on": _("Give the date the person was informed.")})
    refuse_future(informed_on, "informed_on", _("A person cannot be informed in the future."))
    person.informed_on, person.informed_how, person.informed_by, person.information_text = (
        informed_on,
        how,
        by,
        text,
    )
    person.save(
        update_fields=["informed_on", "informed_how", "informed_by", "information_text", "updated_at"]
    )
    log_access(by, AccessLog.What.CHANGE, person)
    return person
