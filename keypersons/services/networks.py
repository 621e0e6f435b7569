"""Ties of key persons to networks, organisations and each other, only under consent that covers them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..audit import log_access
from ..models import AccessLog, KeyPerson, Network, Tie
from .people import RESTRICTED, current_consent
from .scope import refuse_uncovered
from .screening import screen


@transaction.atomic
def add_tie(*, person: KeyPerson, by, network=None, other_person=None, organisation=None, role: str = "", strength: int = Tie.Strength.REGULAR) -> Tie:  # fmt: skip
    """Tie a key person to one network, key person or organisation; only under consent that covers ties."""
    if sum(target is not None for target in (network, other_person, organisation)) != 1:
        raise ValidationError(_("Choose exactly one network, key person or organisation."))
    for someone in (person, other_person):
        if someone is None:
            continue
        if someone.restricted_at:
            raise ValidationError(RESTRICTED)
        consent = current_consent(someone)
        if consent is None or not consent.covers_ties:
            raise ValidationError(
                _("%(name)s has not consented to storing ties. Record a consent that covers ties first.")
                % {"name": someone}
            )
        if network is not None:
            # A tie to a religious community reveals a belief (AVG art. 9): only with explicit consent to it.
            refuse_uncovered(person=someone, consent=consent, entries=[network], field="network")
    if other_person is not None and other_person.pk == person.pk:
        raise ValidationError(_("A key person cannot be tied to themselves."))
    try:
        with transaction.atomic():
            tie = Tie.objects.create(
                key_person=person, network=network, other_person=other_person, organisation=organisation,
                role=role, strength=strength,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("This tie exists already.")) from None
    log_access(by, AccessLog.What.CHANGE, person)
    return tie


@transaction.atomic
def remove_tie(*, tie: Tie, by) -> None:
    person = tie.key_person
    tie.delete()
    log_access(by, AccessLog.What.CHANGE, person)


@transaction.atomic
def add_network(
    *, by, name: str, kind: str, category: str, neighbourhoods=(), description: str = ""
) -> Network:
    """A network the director works with. Its name and description are screened (AVG art. 9): no key person's
    name ("Vrouwengroep Yasmina") and no special category beyond the one the network is (a religious community)."""
    network = Network(name=name, kind=kind, category=category, description=description)
    allowed = [network.special_category] if network.special_category else []
    for field, text in (("name", name), ("description", description)):
        screen(field=field, text=text, allowed=allowed, first_names=True)
    network.save()
    network.neighbourhoods.set(neighbourhoods)
    log_access(by, AccessLog.What.CREATE, network)
    return network
