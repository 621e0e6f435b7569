"""The demo's key-person network: fictional key persons with consent, ties, twelve weeks of contacts and signals,
made through the network's own services (so the demo obeys the same consent and screening rules as the portal)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from demo import data
from demo.privacy import seed_privacy
from initiatives.models import Neighbourhood, Organisation
from keypersons import services as network_services
from keypersons.models import Action, Consent, Domain, KeyPerson, Network, Partner, Signal, Topic


def seed_network():
    """The director's network: fictional key persons with consent, ties, twelve weeks of contacts and signals."""
    if KeyPerson.objects.exists():
        return
    import random

    director = get_user_model().objects.get(username="regisseur")
    today = timezone.localdate()
    hood = {n.name: n for n in Neighbourhood.objects.all()}
    networks = {}
    for name, kind, category, hoods in data.NETWORKS:
        network = Network.objects.create(name=name, kind=kind, category=category)
        network.neighbourhoods.set([hood[h] for h in hoods])
        networks[name] = network
    people = []
    for index, (name, status, hoods, domains, languages, position, ties, orgs, weeks) in enumerate(
        data.KEY_PERSONS
    ):
        consent = None
        if hoods or domains:
            consent = {
                "given_on": today - timedelta(days=200 - 20 * index), "scope": Consent.Scope.PROFILE_AND_TIES,
                "expires_on": today + timedelta(days=20 + 60 * index), "evidence": "Ondertekend toestemmingsformulier",
            }  # fmt: skip
            # Karim's work with a faith community is linked to him only because his consent names it (AVG art. 9).
            consent["special_categories"] = sorted(
                Domain.objects.filter(name__in=domains, is_special=True).values_list(
                    "special_category", flat=True
                )
            )
        person = network_services.save_key_person(
            by=director, consent=consent,
            data={
                "name": name, "email": f"{slugify(name)}@example.org", "status": status, "contact_every_weeks": weeks,
                "introduced_by": people[0] if index in (3, 4, 6) else (people[1] if index == 7 else None),
                "neighbourhoods": [hood[h] for h in hoods], "domains": list(Domain.objects.filter(name__in=domains)),
                "languages": languages, "position": position,
            },
        )  # fmt: skip
        KeyPerson.objects.filter(pk=person.pk).update(
            created_at=timezone.now() - timedelta(days=400 - 30 * index)
        )
        for network_name in ties:
            network_services.add_tie(person=person, by=director, network=networks[network_name], role="lid")
        for org_name in orgs:
            network_services.add_tie(
                person=person,
                by=director,
                organisation=Organisation.objects.get(name=org_name),
                role="contactpersoon",
            )
        people.append(person)
    network_services.add_tie(
        person=people[1], by=director, other_person=people[3], strength=3, role="samen jongerenwerk"
    )

    # Twelve weeks of contacts: each active key person every few weeks, with a temperature for their neighbourhoods.
    rng = random.Random(2021)  # noqa: S311 - demo data, not security
    topics = list(Topic.objects.filter(is_special=False))
    for person in people:
        if person.status != KeyPerson.Status.ACTIVE:
            continue
        # Anouk has not been spoken to for a long time, so the dashboard shows someone we are losing touch with.
        days = range(100, 0, -rng.randint(10, 20)) if person.name != "Anouk Frissen" else [110]
        for days_ago in days:
            network_services.log_contact(
                by=director, occurred_on=today - timedelta(days=days_ago), key_persons=[person],
                channel=rng.choice(["in_person", "phone", "meeting"]), topics=rng.sample(topics, 2),
                notes="Gesprek over de sfeer in de wijk.",
                readings=[{"neighbourhood": n, "level": rng.randint(1, 4)} for n in person.neighbourhoods.all()],
            )  # fmt: skip
    for days_ago, hood_name, theme, severity, description, path in data.SIGNALS:
        signal = network_services.record_signal(
            by=director, observed_on=today - timedelta(days=days_ago), neighbourhood=hood[hood_name],
            theme=Topic.objects.get(name=theme), severity=severity, source=Signal.Source.KEY_PERSON,
            description=description,
        )  # fmt: skip
        for state in path:
            network_services.transition_signal(signal=signal, to=state, by=director)
        if "action" in path and "closed" not in path:
            network_services.add_action(
                by=director, signal=signal, owner=director, due_on=today + timedelta(days=5),
                description="Gesprek met de wijkagent en het jongerenwerk plannen.",
            )  # fmt: skip
    # Partners' contacts, and one escalation that was mailed and answered.
    Partner.objects.filter(name="Politie").update(contact_email="buurtbrigadier@example.org")
    escalated = Signal.objects.filter(state="action").first()
    if escalated:
        network_services.escalate_signal(
            signal=escalated, partners=Partner.objects.filter(name="Politie"), by=director,
            note="Graag extra aandacht van de buurtbrigadier rond het buurtcentrum.",
        )  # fmt: skip
        network_services.record_partner_feedback(
            escalation=escalated.escalations.get(),
            by=director,
            feedback="De buurtbrigadier loopt er vaker langs.",
        )
    # One follow-up that is overdue, so the dashboard shows it.
    Action.objects.create(
        key_person=people[3], owner=director, due_on=today - timedelta(days=2),
        description="Terugbellen over het toernooi van zaterdag.",
    )  # fmt: skip
    seed_privacy(director=director, people=people, hoods=hood)
