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
from .validators import normalise_iban


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


def _masked(iban: str) -> str:
    return f"{iban[:2]} … {iban[-4:]}" if iban else "—"


@transaction.atomic
def change_bank_account(*, organisation: Organisation, iban: str, account_holder: str, by) -> Organisation:
    """A member records the organisation's IBAN and account holder (validated with schwifty).

    A changed account is unverified until a policy officer verifies it, and no payment goes to it before
    then; the change is kept in the audit log (django-auditlog) and mailed to the organisation's other
    members, so a takeover of one account cannot quietly redirect the subsidy.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    try:
        iban = normalise_iban(iban)
    except ValidationError as error:
        raise ValidationError({"iban": error.messages}) from error
    account_holder = account_holder.strip()
    if not account_holder:
        raise ValidationError({"account_holder": _("Fill in the name of the account holder.")})
    if (iban, account_holder) == (organisation.iban, organisation.account_holder):
        return organisation
    previous = organisation.iban
    organisation.iban, organisation.account_holder = iban, account_holder
    organisation.iban_changed_at, organisation.iban_changed_by = timezone.now(), by
    organisation.iban_verified_at = organisation.iban_verified_by = None
    organisation.save()
    recipients = list(
        organisation.memberships.exclude(user=by)
        .filter(user__email__gt="")
        .values_list("user__email", flat=True)
    )
    if recipients:
        outbox.enqueue(
            "initiatives.tasks.send_bank_account_mail",
            organisation.pk,
            _masked(previous),
            _masked(iban),
            recipients,
        )
    return organisation


def send_bank_account_changed(organisation_id: int, previous: str, new: str, recipients: list[str]) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    send_mail(
        _("The bank account of %(name)s was changed") % {"name": organisation.name},
        _(
            "Someone changed the bank account on which %(name)s receives subsidies, from %(previous)s to %(new)s. "
            "The municipality verifies the new account before paying to it. If you do not know about this change, "
            "contact the municipality at once and change your password: %(url)s"
        )
        % {
            "name": organisation.name,
            "previous": previous,
            "new": new,
            "url": f"{settings.SITE_URL}/portaal/",
        },
        None,
        recipients,
    )


@transaction.atomic
def verify_bank_account(*, organisation: Organisation, iban: str, by) -> Organisation:
    """A policy officer verifies the account (for instance against a bank statement or a call to a known
    contact). `iban` is the account the officer checked: if it changed meanwhile, nothing is verified. The
    person who made the change cannot verify it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.iban or organisation.iban != iban:
        raise ValidationError(_("The bank account has changed meanwhile; check the new one."))
    if organisation.iban_changed_by_id == by.pk:
        raise ValidationError(_("You changed this bank account yourself; another officer verifies it."))
    if organisation.iban_verified_at is None:
        organisation.iban_verified_at, organisation.iban_verified_by = timezone.now(), by
        organisation.save(update_fields=["iban_verified_at", "iban_verified_by", "updated_at"])
    return organisation
