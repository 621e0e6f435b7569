"""The registry: organisations with their members, campaigns and initiatives."""

from datetime import date, timedelta

from django.utils.text import slugify

from demo import data
from initiatives.models import Campaign, Initiative, Membership, Organisation

from .generator import Generator
from .words import ACTIVITIES, PREFIXES, TEXT, WORDS


def iban(number: int) -> str:
    """A Dutch IBAN with a correct check number (ISO 13616: the account and "NL00" as digits, modulo 97)."""
    bank, account = "INGB", f"{number:010d}"
    digits = "".join(str(int(c, 36)) for c in f"{bank}{account}NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{account}"


def write_registry(gen: Generator):
    rng = gen.rng
    statuses = [
        (Organisation.Status.VERIFIED, 85),
        (Organisation.Status.TO_VERIFY, 7),
        (Organisation.Status.REQUESTED, 5),
        (Organisation.Status.REJECTED, 3),
    ]
    organisations = []
    for n in range(gen.counts["organisations"]):
        prefix, kind = rng.choice(PREFIXES)
        name = f"{prefix} {rng.choice(WORDS)} {rng.choice(gen.hoods).name} {n + 1}"
        # The benchmark's member belongs to the first organisation: verified and listed at every scale.
        status = Organisation.Status.VERIFIED if n == 0 else gen.weighted(statuses)
        verified = status == Organisation.Status.VERIFIED
        organisations.append(
            Organisation(
                name=name,
                slug=slugify(name),
                kind=kind,
                kvk_number=f"{50000000 + n}" if rng.random() < 0.7 else "",
                street="Markt",
                house_number=str(rng.randint(1, 200)),
                postcode=f"62{rng.randint(11, 29)} AB",
                website=f"https://{slugify(name)}.example.org",
                email=f"info@{slugify(name)}.example.org",
                phone=f"043-{rng.randint(1000000, 9999999)}",
                description=TEXT,
                is_subsidised=rng.random() < 0.3,
                is_public=n == 0 or rng.random() < 0.95,
                status=status,
                verified_at=gen.now - timedelta(days=rng.randint(1, 900)) if verified else None,
                verified_by=gen.officer if verified else None,
                # A bank account an officer verified: payments go only to such an account.
                iban=iban(n),
                account_holder=name,
                iban_changed_at=gen.now - timedelta(days=1000),
                iban_verified_at=gen.now - timedelta(days=900),
                iban_verified_by=gen.officer,
            )
        )
    gen.organisations = gen.save(Organisation, organisations)
    gen.save(
        Membership,
        [
            Membership(user=user, organisation=organisation, role=Membership.Role.CONTACT)
            for user, organisation in zip(gen.members, gen.organisations, strict=True)
        ],
    )
    gen.tags(Organisation, gen.organisations)

    campaigns = gen.save(
        Campaign,
        [
            Campaign(
                name=campaign["name"],
                slug=campaign["slug"],
                description=campaign["description"],
                starts_on=date.fromisoformat(campaign["starts_on"]),
                ends_on=date.fromisoformat(campaign["ends_on"]) if campaign.get("ends_on") else None,
                status=campaign["status"],
                lead_organisation=rng.choice(gen.organisations),
            )
            for campaign in data.CAMPAIGNS
        ],
    )
    initiatives, initiative_statuses = [], Initiative.Status.values  # the list once, not per row
    for n in range(gen.counts["initiatives"]):
        title = f"{rng.choice(ACTIVITIES)} {rng.choice(gen.hoods).name}"
        starts = gen.today - timedelta(days=rng.randint(-60, 700))
        initiatives.append(
            Initiative(
                organisation=gen.organisations[n % len(gen.organisations)],
                title=title,
                slug=f"{slugify(title)}-{n + 1}",
                description=TEXT,
                status=rng.choice(initiative_statuses),
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.7 else None,
                campaign=rng.choice(campaigns) if rng.random() < 0.3 else None,
                is_public=rng.random() < 0.9,
            )
        )
    gen.tags(Initiative, gen.save(Initiative, initiatives))
