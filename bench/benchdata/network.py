"""The key-person network: networks, key persons with consents and ties, contact moments, signals and actions."""

from datetime import timedelta

from django.db import connection

from keypersons.models import (
    Action,
    Consent,
    ContactMoment,
    KeyPerson,
    LastContact,
    Network,
    Signal,
    SignalState,
    SignalStateChange,
    TemperatureReading,
    Tie,
)

from .generator import BATCH, Generator
from .words import FIRST_NAMES, LAST_NAMES, TEXT


def write_network(gen: Generator):
    rng = gen.rng
    networks = []
    for n in range(gen.counts["networks"]):
        category, label = rng.choice(Network.Category.choices)
        networks.append(
            Network(
                name=f"{label} {rng.choice(gen.hoods).name} {n + 1}",
                kind=rng.choice(Network.Kind.values),
                category=category,
                description=TEXT[:100],
            )
        )
    networks = gen.save(Network, networks)
    gen.link(Network, "neighbourhoods", ((n, h) for n in networks for h in gen.pick(gen.hoods, 1, 2)))

    statuses = [
        (KeyPerson.Status.ACTIVE, 75),
        (KeyPerson.Status.PROSPECT, 10),
        (KeyPerson.Status.PAUSED, 10),
        (KeyPerson.Status.ENDED, 5),
    ]
    people, consent_of = [], []
    for n in range(gen.counts["key_persons"]):
        # 80% have a consent in force (three in four of them for ties too), 5% withdrew it, 15% never gave one.
        draw = rng.random()
        consent = "profile_and_ties" if draw < 0.6 else "profile" if draw < 0.8 else None
        consent = "withdrawn" if 0.8 <= draw < 0.85 else consent
        # The first person is active, consented and never contacted (below): losing touch at every scale, so the
        # director's dashboard shows one at least (and logs it), whatever the other draws.
        consent = "profile_and_ties" if n == 0 else consent
        profile = consent in ("profile", "profile_and_ties")
        consent_of.append(consent)
        people.append(
            KeyPerson(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=f"sleutel{n + 1}@example.org",
                phone=f"06-{rng.randint(10000000, 99999999)}",
                status=KeyPerson.Status.ACTIVE if n == 0 else gen.weighted(statuses),
                contact_every_weeks=rng.choice([4, 6, 8, 12]),
                created_at=gen.now - timedelta(days=rng.randint(60, 1000)),
                languages="Nederlands, Limburgs" if profile else "",
                position="Bekend in de buurt; bestuurslid van een vereniging." if profile else "",
            )
        )
    people = gen.save(KeyPerson, people)
    introduced = []
    for n, person in enumerate(people[1:], start=1):
        if rng.random() < 0.2:
            person.introduced_by = people[rng.randrange(n)]
            introduced.append(person)
    KeyPerson.objects.bulk_update(introduced, ["introduced_by"], batch_size=BATCH)
    consents = []
    for person, consent in zip(people, consent_of, strict=True):
        if consent is None:
            continue
        given = gen.today - timedelta(days=rng.randint(30, 600))
        consents.append(
            Consent(
                key_person=person,
                given_on=given,
                expires_on=given + timedelta(days=730),
                scope="profile" if consent == "profile" else "profile_and_ties",
                evidence="Ondertekend toestemmingsformulier",
                recorded_by=gen.director,
                withdrawn_on=gen.today - timedelta(days=rng.randint(1, 25))
                if consent == "withdrawn"
                else None,
            )
        )
    gen.save(Consent, consents)
    profiled = [p for p, c in zip(people, consent_of, strict=True) if c in ("profile", "profile_and_ties")]
    tied = [p for p, c in zip(people, consent_of, strict=True) if c == "profile_and_ties"]
    gen.link(KeyPerson, "neighbourhoods", ((p, h) for p in profiled for h in gen.pick(gen.hoods, 1, 2)))
    gen.link(KeyPerson, "domains", ((p, d) for p in profiled for d in gen.pick(gen.domains, 1, 2)))
    ties = []
    for person in tied:
        ties += [Tie(key_person=person, network=n, role="lid") for n in gen.pick(networks, 1, 3)]
        if rng.random() < 0.4:
            ties.append(
                Tie(key_person=person, organisation=rng.choice(gen.organisations), role="bestuurslid")
            )
        other = rng.choice(tied)
        if other is not person and rng.random() < 0.3:
            ties.append(Tie(key_person=person, other_person=other, role="kennen elkaar", strength=3))
    gen.save(Tie, ties)
    active = [p for p in people if p.status == KeyPerson.Status.ACTIVE]
    write_contacts(gen, active)
    signals = write_signals(gen)
    write_actions(gen, active, signals)


def write_contacts(gen: Generator, active: list) -> None:
    rng = gen.rng
    moments, channels = [], ContactMoment.Channel.values  # the list once: `.values` makes a new one each time
    for _n in range(gen.counts["contact_moments"]):
        day = gen.recent_day(730)
        moments.append(
            ContactMoment(
                occurred_on=day,
                staff_member=rng.choice(gen.network_staff),
                channel=rng.choice(channels),
                notes="Gesprek over de sfeer in de buurt.",
                created_at=gen.moment(day),
            )
        )
    moments = gen.save(ContactMoment, moments)
    gen.link(
        ContactMoment, "key_persons", ((m, p) for m in moments for p in gen.pick(active[1:] or active, 1, 2))
    )
    write_last_contacts(gen)
    gen.link(ContactMoment, "topics", ((m, t) for m in moments for t in gen.pick(gen.topics, 1, 2)))
    levels, sources = [(1, 30), (2, 35), (3, 20), (4, 10), (5, 5)], TemperatureReading.Source.values
    gen.save(
        TemperatureReading,
        [
            TemperatureReading(
                neighbourhood=rng.choice(gen.hoods),
                level=gen.weighted(levels),
                measured_on=gen.recent_day(365),
                source=rng.choice(sources),
                recorded_by=rng.choice(gen.network_staff),
            )
            for _n in range(gen.counts["temperature_readings"])
        ],
    )


def write_last_contacts(gen: Generator) -> None:
    """Each person's latest contact, as the services keep it: one statement over the links just written."""
    quote = connection.ops.quote_name
    summary = quote(LastContact._meta.db_table)
    links = quote(ContactMoment.key_persons.through._meta.db_table)
    contacts = quote(ContactMoment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {summary} (key_person_id, occurred_on) "
            f"SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id "
            "GROUP BY l.keyperson_id"
        )
        gen.written[LastContact._meta.db_table] = cursor.rowcount


def write_signals(gen: Generator) -> list:
    rng = gen.rng
    old = [(SignalState.CLOSED, 90), (SignalState.MONITORING, 10)]
    recent = [
        (SignalState.NEW, 30),
        (SignalState.ASSESSING, 25),
        (SignalState.ACTION, 20),
        (SignalState.MONITORING, 15),
        (SignalState.CLOSED, 10),
    ]
    signals, sources = [], Signal.Source.values
    for _n in range(gen.counts["signals"]):
        day = gen.recent_day(730)
        state = gen.weighted(old if (gen.today - day).days > 60 else recent)
        closed = state == SignalState.CLOSED
        signals.append(
            Signal(
                observed_on=day,
                neighbourhood=rng.choice(gen.hoods),
                theme=rng.choice(gen.topics),
                severity=gen.weighted([(1, 40), (2, 35), (3, 20), (4, 5)]),
                source=rng.choice(sources),
                description="Spanning rond het buurthuis na een incident.",
                state=state,
                recorded_by=rng.choice(gen.network_staff),
                created_at=gen.moment(day),
                closed_at=gen.moment(min(gen.today, day + timedelta(days=30))) if closed else None,
            )
        )
    signals = gen.save(Signal, signals)
    history = []
    for signal in signals:
        steps = [] if signal.state == SignalState.NEW else [(SignalState.NEW, SignalState.ASSESSING)]
        if signal.state not in (SignalState.NEW, SignalState.ASSESSING):
            steps.append((SignalState.ASSESSING, signal.state))
        history += [
            SignalStateChange(
                signal=signal,
                from_state=from_state,
                to_state=to_state,
                by=signal.recorded_by,
                at=signal.created_at + timedelta(days=step + 1),
            )
            for step, (from_state, to_state) in enumerate(steps)
        ]
    gen.save(SignalStateChange, history)
    serious = [s for s in signals if s.severity >= 3 and rng.random() < 0.3]
    gen.link(Signal, "escalated_to", ((s, rng.choice(gen.partners)) for s in serious))
    return signals


def write_actions(gen: Generator, active: list, signals: list) -> None:
    rng = gen.rng
    followed = [s for s in signals if s.state in (SignalState.ACTION, SignalState.MONITORING)] or signals
    actions = []
    for n in range(gen.counts["actions"]):
        due = gen.today + timedelta(days=rng.randint(-120, 60))
        on_person = n % 5 < 2 and active
        actions.append(
            Action(
                key_person=rng.choice(active) if on_person else None,
                signal=None if on_person else rng.choice(followed),
                owner=rng.choice(gen.network_staff),
                description="Bijpraten." if on_person else "Partners bijeenroepen.",
                due_on=due,
                done_on=due if due < gen.today and rng.random() < 0.8 else None,
            )
        )
    gen.save(Action, actions)
