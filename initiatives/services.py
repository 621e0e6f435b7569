"""Every change to the registry: registration, approval, profile edits and initiatives."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from outbox import services as outbox

from .models import Initiative, Membership, Organisation


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A slug from the text that no other row of the model has yet."""
    base = slugify(text)[:180] or "item"
    slug, counter = base, 2
    existing = model.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _set_fields(instance, data: dict) -> dict:
    """Set the plain fields and return the many-to-many values to set after saving."""
    m2m = {}
    for name, value in data.items():
        if instance._meta.get_field(name).many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


@transaction.atomic
def register_organisation(*, account: dict, organisation: dict):
    """Create an account and a registration request for its organisation, which a policy officer approves."""
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=account["username"],
                email=account["email"],
                password=account["password"],
                first_name=account.get("first_name", ""),
            )
    except IntegrityError as error:
        # Two registrations of one name at once both found it free: the database decides, and the second is told
        # in the words the form uses for any taken name (nothing more that would help to find accounts).
        raise ValidationError({"username": _("This user name is taken; choose another.")}) from error
    new = Organisation(status=Organisation.Status.REQUESTED)
    m2m = _set_fields(new, organisation)
    new.slug = unique_slug(Organisation, new.name)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as error:
        # Two requests for the same name or KvK number at once: the database decides, we explain.
        raise ValidationError(_("This organisation has just been registered by someone else.")) from error
    for name, value in m2m.items():
        getattr(new, name).set(value)
    Membership.objects.create(user=user, organisation=new, role=Membership.Role.CONTACT)
    return user, new


@transaction.atomic
def update_organisation(*, organisation: Organisation, data: dict) -> Organisation:
    """Save a member's edit; a change to a public field of a verified organisation needs verifying again."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {name: _value(organisation, name) for name in Organisation.PUBLIC_FIELDS}
    m2m = _set_fields(organisation, data)
    changed = any(
        before[name] != ({v.pk for v in m2m[name]} if name in m2m else getattr(organisation, name))
        for name in Organisation.PUBLIC_FIELDS
        if name in data
    )
    if changed and organisation.status == Organisation.Status.VERIFIED:
        organisation.status = Organisation.Status.TO_VERIFY
        organisation.verified_at = None
        organisation.verified_by = None
    organisation.save()
    for name, value in m2m.items():
        getattr(organisation, name).set(value)
    return organisation


def _value(organisation: Organisation, name: str):
    if organisation._meta.get_field(name).many_to_many:
        return set(getattr(organisation, name).values_list("pk", flat=True))
    return getattr(organisation, name)


@transaction.atomic
def verify_organisation(*, organisation: Organisation, by) -> Organisation:
    """A policy officer verifies an organisation (and so approves a registration request)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    was_request = organisation.status == Organisation.Status.REQUESTED
    organisation.status = Organisation.Status.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.verified_by = by
    organisation.save(update_fields=["status", "verified_at", "verified_by", "updated_at"])
    if was_request:
        recipients = list(
            organisation.memberships.filter(user__email__gt="").values_list("user__email", flat=True)
        )
        # Queued after commit; the task retries with backoff when the mail server is away.
        outbox.enqueue("initiatives.tasks.send_approval_mail", organisation.pk, recipients)
    return organisation


def send_approval(organisation_id: int, recipients: list[str]) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    if recipients:
        send_mail(
            _("Your organisation is registered"),
            _("%(name)s has been approved by the municipality. You can now use the portal: %(url)s")
            % {"name": organisation.name, "url": f"{settings.SITE_URL}/portaal/"},
            None,
            recipients,
        )


@transaction.atomic
def reject_registration(*, organisation: Organisation, by) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Organisation.Status.REQUESTED:
        raise ValidationError(_("Only a registration request can be rejected."))
    organisation.status = Organisation.Status.REJECTED
    organisation.save(update_fields=["status", "updated_at"])
    return organisation


@transaction.atomic
def save_initiative(
    *, organisation: Organisation, data: dict, initiative: Initiative | None = None
) -> Initiative:
    """Create or change an initiative of the organisation."""
    initiative = initiative or Initiative(organisation=organisation)
    if initiative.organisation_id != organisation.pk:
        raise ValidationError(_("This initiative belongs to another organisation."))
    m2m = _set_fields(initiative, data)
    if not initiative.slug:
        initiative.slug = unique_slug(Initiative, initiative.title)
    initiative.full_clean()
    initiative.save()
    for name, value in m2m.items():
        getattr(initiative, name).set(value)
    return initiative
