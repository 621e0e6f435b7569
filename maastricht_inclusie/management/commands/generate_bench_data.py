"""Fill an empty database with realistic data at scale, for the benchmarks in bench/ (issue 10).

At --scale 1: 2,000 organisations, 5,000 initiatives, three tender rounds with 10,000 applications
(budget lines, history, assessments, decisions, payments, settlements and ledger entries), 500 key
persons with 50,000 contact moments and 20,000 signals. --scale 4 is four times that; a fraction
such as 0.01 makes a small set for tests.

Rows are written in bulk, not through the services: a service call per application would take
hours. The generator writes what the services would have written and keeps their invariants:
every state is reached along ALLOWED_TRANSITIONS with a history row per step, decisions follow the
round's ranking, committed money never exceeds a round's ceiling, the ceilings stay within the
programme budget, and key persons have a profile and ties only under a valid consent.

It never fills a real database by accident: it needs DEBUG on or --yes-i-know, and it refuses a
database that already holds organisations, applications or key persons unless --flush empties it.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from time import monotonic

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import (
    Campaign,
    Initiative,
    Membership,
    Neighbourhood,
    Organisation,
    TargetGroup,
    Theme,
)
from keypersons.models import (
    Action,
    Consent,
    ContactMoment,
    Domain,
    KeyPerson,
    Network,
    Partner,
    Signal,
    SignalState,
    SignalStateChange,
    TemperatureReading,
    Tie,
    Topic,
)
from maastricht_inclusie.demo import data
from maastricht_inclusie.roles import ASSESSOR, DIRECTOR, NETWORK_STAFF, POLICY_OFFICER, sync_roles
from tenders.models import (
    ALLOWED_TRANSITIONS,
    AccountabilityReport,
    Application,
    Assessment,
    BudgetEntry,
    BudgetLine,
    Criterion,
    Decision,
    InformationRequest,
    Payment,
    Programme,
    Round,
    Score,
    Settlement,
    State,
    StatusChange,
)

# The users the benchmark logs in as, and the round whose ranking it loads.
MEMBER_USERNAME = "bench-lid-00000"
OFFICER_USERNAME = "bench-beleid"
DIRECTOR_USERNAME = "bench-regisseur"
BENCH_USER_PREFIX = "bench-"
PROGRAMME_CODE = "BENCH"
RANKING_ROUND = 2

# Rows at scale 1.
BASE_COUNTS = {
    "organisations": 2000,
    "initiatives": 5000,
    "applications": 10000,
    "key_persons": 500,
    "contact_moments": 50000,
    "signals": 20000,
    "networks": 60,
    "temperature_readings": 5000,
    "actions": 2000,
}
ASSESSORS = 12
BATCH = 2000
CENT = Decimal("0.01")
UNUSABLE_PASSWORD = "!"  # noqa: S105 - nobody logs in with a password; the benchmark makes sessions

# Reference lists, kept by --flush (the network's lists come with the migrations).
REFERENCE_MODELS = {Neighbourhood, Theme, TargetGroup, Domain, Topic, Partner}
FILLED_MODELS = (Organisation, Application, KeyPerson, Programme)

# The three rounds: (number, title, opened days ago, open for days, where its applications end up in %).
# Rounds 1 and 2 are decided; round 3 closed three weeks ago and is being assessed.
ROUND_PLANS = [
    (
        1,
        "Tender 1: ontmoeting en dialoog",
        540,
        60,
        {"draft": 3, "withdrawn": 3, "ineligible": 5, "ranked": 89},
    ),
    (
        2,
        "Tender 2: tolerantie en begrip",
        240,
        60,
        {"draft": 3, "withdrawn": 3, "ineligible": 5, "ranked": 89},
    ),
    (
        3,
        "Tender 3: buurtinitiatieven",
        80,
        60,
        {
            "draft": 4,
            "withdrawn": 3,
            "submitted": 8,
            "information_requested": 4,
            "ineligible": 5,
            "eligible": 14,
            "assessed": 62,
        },
    ),
]
MINIMUM_TOTAL_SCORE = Decimal("40")  # of 80 = (3 + 2 + 2 + 1) × 10
CEILING_SHARE = Decimal("0.3")  # a ceiling funds about 30% of what the round's ranked applications ask

# What became of a grant after the decision, per decided round and reporting: (state, weight).
AFTER_GRANT = {
    1: {
        "none": [(State.SETTLED, 70), (State.CLOSED, 30)],
        "report": [
            (State.CLOSED, 40),
            (State.SETTLED, 35),
            (State.REPORT_SUBMITTED, 10),
            (State.REPORT_DUE, 15),
        ],
    },
    2: {
        "none": [(State.GRANTED, 10), (State.ADVANCE_PAID, 50), (State.SETTLED, 40)],
        "report": [(State.GRANTED, 10), (State.REPORT_DUE, 75), (State.REPORT_SUBMITTED, 15)],
    },
}

PREFIXES = [
    ("Stichting", Organisation.Kind.FOUNDATION),
    ("Vereniging", Organisation.Kind.ASSOCIATION),
    ("Buurtvereniging", Organisation.Kind.ASSOCIATION),
    ("Bewonersgroep", Organisation.Kind.INFORMAL),
    ("Jongerenplatform", Organisation.Kind.VOLUNTEER),
    ("Wijkcentrum", Organisation.Kind.PROFESSIONAL),
    ("Taalcafé", Organisation.Kind.VOLUNTEER),
    ("Sportclub", Organisation.Kind.ASSOCIATION),
]
WORDS = ["Samen", "De Brug", "Kleurrijk", "Open Deur", "Thuis", "Dialoog", "Horizon", "Het Anker"]
ACTIVITIES = ["Buurtmaaltijd", "Taalmaatjes", "Dialoogtafel", "Sportdag", "Kookclub", "Moestuin"]
FIRST_NAMES = ["Anouk", "Bram", "Chaima", "Daan", "Esra", "Fenna", "Gijs", "Hamza", "Ilse", "Joep", "Mila"]
LAST_NAMES = ["Bakker", "Claessens", "Dassen", "Frissen", "Goossens", "Hermans", "Janssen", "Yilmaz"]
TEXT = (
    "Bewoners met verschillende achtergronden ontmoeten elkaar, leren elkaar kennen en werken samen aan hun "
    "buurt. Vrijwilligers organiseren de activiteiten met partners uit de wijk."
)


def scaled(scale: float) -> dict[str, int]:
    """Row counts at a scale; a few of each at least, so that every page has something to show."""
    return {
        name: max(30 if name == "applications" else 3, round(n * scale)) for name, n in BASE_COUNTS.items()
    }


def through(model, field: str):
    return model._meta.get_field(field).remote_field.through


def generated_models() -> list:
    """Every table the generator fills, many-to-many tables included, without the reference lists."""
    return [
        model
        for label in ("initiatives", "tenders", "keypersons", "progress")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model not in REFERENCE_MODELS
    ]


def flush_generated_data() -> None:
    """Empty the portal's tables (the reference lists stay) and remove the benchmark's users."""
    models = generated_models()
    if connection.vendor == "postgresql":
        # TRUNCATE, not DELETE: fast, and the access log's append-only trigger is a row trigger.
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in this transaction would block TRUNCATE: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        # Django creates foreign keys deferred, so within this transaction the order does not matter.
        for model in models:
            model._base_manager.all()._raw_delete(model._base_manager.db)
    get_user_model().objects.filter(username__startswith=BENCH_USER_PREFIX).delete()


class Command(BaseCommand):
    help = "Fill an empty database with benchmark data (scale 1: 2,000 organisations, 10,000 applications)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 is the reference size; 4 is four times it."
        )
        parser.add_argument("--seed", type=int, default=2017, help="The same seed gives the same data.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the portal's tables first, the access log included (the reference lists stay).",
        )
        parser.add_argument(
            "--yes-i-know",
            action="store_true",
            dest="yes_i_know",
            help="Run with DEBUG off, on a database meant for benchmarks. Never on one with real data.",
        )

    def handle(self, *args, scale, seed, flush, yes_i_know, **options):
        if not (settings.DEBUG or yes_i_know):
            raise CommandError(
                "generate_bench_data fills the database with thousands of fictional rows, so it runs only with "
                "DEBUG on, or with --yes-i-know on a database meant for benchmarks."
            )
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        started = monotonic()
        with transaction.atomic():
            if flush:
                flush_generated_data()
            filled = {model._meta.verbose_name_plural: model.objects.count() for model in FILLED_MODELS}
            if any(filled.values()):
                found = ", ".join(f"{count} {name}" for name, count in filled.items() if count)
                raise CommandError(
                    f"The database is not empty ({found}). Use an empty database, or add --flush to empty the "
                    "portal's tables first."
                )
            written = Generator(scale=scale, seed=seed).run()
        for table, count in written.items():
            self.stdout.write(f"  {table:<40} {count:>9,}")
        seconds = monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Benchmark data at scale {scale:g}: {seconds:.1f} s."))


class Generator:
    def __init__(self, *, scale: float, seed: int):
        self.scale = scale
        self.counts = scaled(scale)
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not security
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.written: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        sync_roles()
        self.reference()
        self.users()
        self.registry()
        self.tenders()
        self.network()
        return self.written

    # -- helpers ------------------------------------------------------------------------------------

    def save(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        table = model._meta.db_table
        self.written[table] = self.written.get(table, 0) + len(created)
        return created

    def link(self, model, field: str, pairs) -> None:
        """Write (object, target) pairs straight into a many-to-many table."""
        Through = through(model, field)
        source, target = Through._meta.get_field(model._meta.model_name), None
        for candidate in Through._meta.fields:
            if candidate.is_relation and candidate is not source:
                target = candidate
        self.save(Through, [Through(**{source.attname: a.pk, target.attname: b.pk}) for a, b in pairs])

    def pick(self, items: list, low: int, high: int) -> list:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def weighted(self, choices) -> object:
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def moment(self, day: date, hour: int | None = None) -> datetime:
        hour = self.rng.randint(8, 20) if hour is None else hour
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))))

    def recent_day(self, days: int) -> date:
        """A day in the last `days` days; recent days more often than long ago."""
        return self.today - timedelta(days=int(days * self.rng.random() ** 1.5))

    def tags(self, model, objects: list) -> None:
        """Themes, neighbourhoods and target groups of organisations, initiatives or applications."""
        for field, choices, low, high in (
            ("themes", self.themes, 1, 3),
            ("neighbourhoods", self.hoods, 1, 3),
            ("target_groups", self.groups, 1, 2),
        ):
            self.link(
                model, field, ((obj, choice) for obj in objects for choice in self.pick(choices, low, high))
            )

    # -- reference lists and users ------------------------------------------------------------------

    def reference(self):
        for (district, prefix), names in data.NEIGHBOURHOODS.items():
            for index, name in enumerate(names, start=1):
                Neighbourhood.objects.get_or_create(
                    name=name, defaults={"district": district, "code": f"{prefix}{index:02d}"}
                )
        for model, rows in ((Theme, data.THEMES), (TargetGroup, data.TARGET_GROUPS)):
            for name, name_en in rows:
                model.objects.get_or_create(name=name, defaults={"name_en": name_en})
        self.hoods = list(Neighbourhood.objects.order_by("pk"))
        self.themes = list(Theme.objects.order_by("pk"))
        self.groups = list(TargetGroup.objects.order_by("pk"))
        self.topics = list(Topic.objects.order_by("pk"))
        self.domains = list(Domain.objects.order_by("pk"))
        self.partners = list(Partner.objects.order_by("pk"))

    def users(self):
        User = get_user_model()
        staff = [(OFFICER_USERNAME, POLICY_OFFICER, True), (DIRECTOR_USERNAME, DIRECTOR, True)]
        staff += [(f"bench-beoordelaar-{n:02d}", ASSESSOR, False) for n in range(1, ASSESSORS + 1)]
        staff += [(f"bench-netwerk-{n}", NETWORK_STAFF, False) for n in range(1, 4)]
        members = [f"bench-lid-{n:05d}" for n in range(self.counts["organisations"])]
        rows = [
            User(username=name, email=f"{name}@example.org", password=UNUSABLE_PASSWORD, is_staff=is_staff)
            for name, _role, is_staff in staff
        ]
        rows += [
            User(
                username=name,
                email=f"{name}@example.org",
                password=UNUSABLE_PASSWORD,
                first_name=self.rng.choice(FIRST_NAMES),
            )
            for name in members
        ]
        created = {user.username: user for user in self.save(User, rows)}
        groups = {group.name: group for group in Group.objects.all()}
        self.link(User, "groups", ((created[name], groups[role]) for name, role, _s in staff))
        self.officer = created[OFFICER_USERNAME]
        self.director = created[DIRECTOR_USERNAME]
        self.assessors = [created[name] for name, role, _s in staff if role == ASSESSOR]
        self.network_staff = [self.director] + [
            created[name] for name, role, _s in staff if role == NETWORK_STAFF
        ]
        self.members = [created[name] for name in members]

    # -- registry -----------------------------------------------------------------------------------

    def registry(self):
        rng = self.rng
        statuses = [
            (Organisation.Status.VERIFIED, 85),
            (Organisation.Status.TO_VERIFY, 7),
            (Organisation.Status.REQUESTED, 5),
            (Organisation.Status.REJECTED, 3),
        ]
        organisations = []
        for n in range(self.counts["organisations"]):
            prefix, kind = rng.choice(PREFIXES)
            name = f"{prefix} {rng.choice(WORDS)} {rng.choice(self.hoods).name} {n + 1}"
            # The benchmark's member belongs to the first organisation: verified and listed at every scale.
            status = Organisation.Status.VERIFIED if n == 0 else self.weighted(statuses)
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
                    verified_at=self.now - timedelta(days=rng.randint(1, 900)) if verified else None,
                    verified_by=self.officer if verified else None,
                )
            )
        self.organisations = self.save(Organisation, organisations)
        self.save(
            Membership,
            [
                Membership(user=user, organisation=organisation, role=Membership.Role.CONTACT)
                for user, organisation in zip(self.members, self.organisations, strict=True)
            ],
        )
        self.tags(Organisation, self.organisations)

        campaigns = self.save(
            Campaign,
            [
                Campaign(
                    name=campaign["name"],
                    slug=campaign["slug"],
                    description=campaign["description"],
                    starts_on=date.fromisoformat(campaign["starts_on"]),
                    ends_on=date.fromisoformat(campaign["ends_on"]) if campaign.get("ends_on") else None,
                    status=campaign["status"],
                    lead_organisation=rng.choice(self.organisations),
                )
                for campaign in data.CAMPAIGNS
            ],
        )
        initiatives = []
        for n in range(self.counts["initiatives"]):
            title = f"{rng.choice(ACTIVITIES)} {rng.choice(self.hoods).name}"
            starts = self.today - timedelta(days=rng.randint(-60, 700))
            initiatives.append(
                Initiative(
                    organisation=self.organisations[n % len(self.organisations)],
                    title=title,
                    slug=f"{slugify(title)}-{n + 1}",
                    description=TEXT,
                    status=rng.choice(Initiative.Status.values),
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.7 else None,
                    campaign=rng.choice(campaigns) if rng.random() < 0.3 else None,
                    is_public=rng.random() < 0.9,
                )
            )
        self.tags(Initiative, self.save(Initiative, initiatives))

    # -- tenders ------------------------------------------------------------------------------------

    def tenders(self):
        rng = self.rng
        opening = {
            number: self.moment(self.today - timedelta(days=ago), 9)
            for number, _t, ago, _d, _f in ROUND_PLANS
        }
        plans = []
        for n in range(self.counts["applications"]):
            number, _title, _ago, days, fates = ROUND_PLANS[n % len(ROUND_PLANS)]
            index = n % len(self.organisations)
            plans.append(
                {
                    "round": number,
                    "fate": self.weighted(fates.items()),
                    "organisation": self.organisations[index],
                    "member": self.members[index],
                    "amount": Decimal(rng.randrange(20, 501) * 50),
                    "quality": rng.uniform(3, 9.6),
                    "submitted_at": opening[number]
                    + timedelta(seconds=rng.randint(3600, days * 86400 - 7200)),
                }
            )
        # References in the order of submission within each round, as tenders.services.submit numbers them.
        for number, *_rest in ROUND_PLANS:
            submitted = [p for p in plans if p["round"] == number and p["fate"] != "draft"]
            for position, plan in enumerate(sorted(submitted, key=lambda p: p["submitted_at"]), start=1):
                plan["reference"] = f"{PROGRAMME_CODE}-R{number}-{position:04d}"
        for plan in plans:
            self.plan_assessments(plan)

        programme = Programme(
            name=f"Benchmark: flexibele subsidies (schaal {self.scale:g})",
            code=PROGRAMME_CODE,
            total_budget=Decimal("0"),
            funding_source="Fictief, voor de benchmarks",
            starts_on=self.today - timedelta(days=600),
            ends_on=self.today + timedelta(days=365),
        )
        rounds = {}
        for number, title, _ago, days, _fates in ROUND_PLANS:
            ranked = [p for p in plans if p["round"] == number and p.get("total", 0) >= MINIMUM_TOTAL_SCORE]
            asked = sum((p["amount"] for p in ranked), Decimal("0"))
            rounds[number] = Round(
                number=number,
                title=title,
                description=TEXT,
                opens_at=opening[number],
                closes_at=opening[number] + timedelta(days=days),
                ceiling=max(Decimal("1000"), (asked * CEILING_SHARE / 1000).quantize(Decimal("1")) * 1000),
                minimum_amount=Decimal("1000"),
                maximum_amount=Decimal("25000"),
                allocation_method=Round.AllocationMethod.TENDER,
                published_at=opening[number] - timedelta(days=14),
                assessment_deadline=opening[number] + timedelta(days=days + 30),
                minimum_total_score=MINIMUM_TOTAL_SCORE,
            )
        # The ceilings together stay within the programme budget, with a tenth in reserve.
        ceilings = sum((round_.ceiling for round_ in rounds.values()), Decimal("0"))
        programme.total_budget = (ceilings * Decimal("1.1")).quantize(CENT)
        programme = self.save(Programme, [programme])[0]
        for round_ in rounds.values():
            round_.programme = programme
        self.save(Round, list(rounds.values()))
        criteria = self.save(
            Criterion,
            [
                Criterion(
                    round=round_, name=name, weight=weight, maximum_score=10, position=position, guidance=note
                )
                for round_ in rounds.values()
                for position, (name, weight, note) in enumerate(data.CRITERIA)
            ],
        )
        for number, round_ in rounds.items():
            self.decide(programme, round_, [p for p in plans if p["round"] == number])
        applications = self.write_applications(plans, rounds)
        self.write_assessments(applications, plans, criteria)
        self.write_money(applications, plans, rounds)

    def plan_assessments(self, plan: dict) -> None:
        """Two assessors per eligible application, with their scores per criterion (None: not submitted)."""
        plan["scores"] = []
        if plan["fate"] not in ("ranked", "assessed", "eligible"):
            return
        submitted = 2 if plan["fate"] != "eligible" else self.rng.randint(0, 1)
        weights = [weight for _name, weight, _note in data.CRITERIA]
        for index in range(2):
            if index >= submitted:
                plan["scores"].append(None)
                continue
            spread = [round(plan["quality"] + self.rng.uniform(-1.5, 1.5)) for _weight in weights]
            plan["scores"].append([max(0, min(10, score)) for score in spread])
        if submitted == 2:
            # As tenders.queries.ranking computes it: the weighted total averaged over the assessments.
            weighted = sum(
                score * weight for row in plan["scores"] for score, weight in zip(row, weights, strict=True)
            )
            plan["total"] = (Decimal(weighted) / 2).quantize(CENT)

    def decide(self, programme: Programme, round_: Round, plans: list[dict]) -> None:
        """Decide like tenders.services.propose_round_decisions: in ranking order, funded until the ceiling."""
        for plan in plans:
            plan["state"] = {"ranked": State.ASSESSED, "draft": State.DRAFT}.get(plan["fate"], plan["fate"])
        if round_.number not in AFTER_GRANT:
            return  # still being assessed
        ranked = sorted(
            (p for p in plans if p.get("total") is not None),
            key=lambda p: (-p["total"], p["submitted_at"], p["reference"]),
        )
        remaining = round_.ceiling
        decided_at = round_.closes_at + timedelta(days=42)
        for plan in ranked:
            amount = Decimal("0")
            if plan["total"] >= round_.minimum_total_score:
                amount = min(plan["amount"], remaining)
                remaining -= amount
            if not amount:
                outcome = Decision.Outcome.REJECTED
            elif amount == plan["amount"]:
                outcome = Decision.Outcome.GRANTED
            else:
                outcome = Decision.Outcome.PARTIALLY_GRANTED
            reporting = programme.reporting_for(amount) if amount else ""
            plan["decision"] = {
                "outcome": outcome,
                "amount": amount,
                "reporting": reporting,
                "at": decided_at,
            }
            plan["state"] = outcome
            if amount:
                later = self.weighted(AFTER_GRANT[round_.number]["none" if reporting == "none" else "report"])
                plan["state"] = outcome if later == State.GRANTED else later

    def write_applications(self, plans: list[dict], rounds: dict) -> list:
        rng = self.rng
        applications = []
        for plan in plans:
            round_, state = rounds[plan["round"]], plan["state"]
            starts = round_.closes_at.date() + timedelta(days=rng.randint(60, 120))
            submitted_at = None if state == State.DRAFT else plan["submitted_at"]
            applications.append(
                Application(
                    round=round_,
                    organisation=plan["organisation"],
                    created_by=plan["member"],
                    submitted_by=plan["member"] if submitted_at else None,
                    title=f"{rng.choice(ACTIVITIES)} {rng.choice(self.hoods).name}",
                    summary=TEXT[:120],
                    plan=TEXT,
                    expected_reach=rng.randint(20, 800),
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rng.randint(60, 300)),
                    requested_amount=plan["amount"],
                    state=state,
                    reference=plan.get("reference") if submitted_at else None,
                    submitted_at=submitted_at,
                    complete_at=submitted_at,
                    reopened_parts=["attachments"] if state == State.INFORMATION_REQUESTED else [],
                    eligibility_reason="Valt buiten de doelen van de regeling."
                    if state == State.INELIGIBLE
                    else "",
                )
            )
        applications = self.save(Application, applications)
        self.tags(Application, applications)

        lines, history, requests = [], [], []
        by_applicant = {State.SUBMITTED, State.WITHDRAWN, State.REPORT_SUBMITTED}
        for application, plan in zip(applications, plans, strict=True):
            left = plan["amount"]
            for part in range(rng.randint(0, 2)):
                share = (left * Decimal(rng.uniform(0.3, 0.6))).quantize(Decimal("1"))
                if 0 < share < left:
                    lines.append(
                        BudgetLine(application=application, description=f"Kosten {part + 1}", amount=share)
                    )
                    left -= share
            lines.append(
                BudgetLine(application=application, description="Activiteiten en materiaal", amount=left)
            )
            decision = plan.get("decision", {})
            for from_state, to_state in path_to(
                plan["state"], outcome=decision.get("outcome", ""), reporting=decision.get("reporting", "")
            ):
                by = plan["member"] if to_state in by_applicant else self.officer
                history.append(
                    StatusChange(application=application, from_state=from_state, to_state=to_state, by=by)
                )
            if plan["state"] == State.INFORMATION_REQUESTED:
                requests.append(
                    InformationRequest(
                        application=application,
                        requested_by=self.officer,
                        parts=["attachments"],
                        message="Stuur de statuten van de organisatie mee.",
                        deadline=self.today + timedelta(days=7),
                    )
                )
        self.save(BudgetLine, lines)
        self.save(StatusChange, history)
        self.save(InformationRequest, requests)
        return applications

    def write_assessments(self, applications: list, plans: list[dict], criteria: list) -> None:
        of_round = {}
        for criterion in criteria:
            of_round.setdefault(criterion.round_id, []).append(criterion)
        assessments = []
        for application, plan in zip(applications, plans, strict=True):
            if not plan["scores"]:
                continue
            submitted_at = application.round.closes_at + timedelta(days=self.rng.randint(5, 19))
            for assessor, row in zip(self.rng.sample(self.assessors, 2), plan["scores"], strict=True):
                assessment = Assessment(
                    application=application,
                    assessor=assessor,
                    assigned_by=self.officer,
                    submitted_at=submitted_at if row is not None else None,
                )
                assessments.append((assessment, row))
        created = self.save(Assessment, [assessment for assessment, _row in assessments])
        self.save(
            Score,
            [
                Score(assessment=assessment, criterion=criterion, score=score, motivation="Goed onderbouwd.")
                for assessment, (_same, row) in zip(created, assessments, strict=True)
                if row is not None
                for criterion, score in zip(of_round[assessment.application.round_id], row, strict=True)
            ],
        )

    def write_money(self, applications: list, plans: list[dict], rounds: dict) -> None:
        """Decisions, and the ledger as the services book it: commitment, advance, release, remainder, reclaim."""
        decided = [(a, p) for a, p in zip(applications, plans, strict=True) if "decision" in p]
        decisions = self.save(
            Decision,
            [
                Decision(
                    application=application,
                    outcome=plan["decision"]["outcome"],
                    granted_amount=plan["decision"]["amount"],
                    reasons="Volgens de rangschikking van de ronde (Awb 4:25).",
                    decided_by=self.officer,
                    decided_at=plan["decision"]["at"],
                    objection_deadline=plan["decision"]["at"].date() + timedelta(weeks=6),
                    report_due_on=(
                        application.ends_on + timedelta(weeks=application.round.report_due_weeks)
                        if plan["decision"]["amount"]
                        else None
                    ),
                    reporting=plan["decision"]["reporting"],
                )
                for application, plan in decided
            ],
        )
        entries, payments, reports, settlements = [], [], [], []

        def book(application, kind, amount, key, decision=None) -> BudgetEntry:
            entry = BudgetEntry(
                round=application.round,
                application=application,
                decision=decision,
                kind=kind,
                amount=amount,
                key=key,
                created_by=self.officer,
            )
            entries.append(entry)
            return entry

        paid = {State.ADVANCE_PAID, State.REPORT_DUE, State.REPORT_SUBMITTED, State.SETTLED, State.CLOSED}
        for decision, (application, plan) in zip(decisions, decided, strict=True):
            granted, state = decision.granted_amount, application.state
            if not granted:
                continue
            book(application, BudgetEntry.Kind.COMMITMENT, granted, f"commit:{decision.pk}", decision)
            if state not in paid:
                continue
            advance = (granted * application.round.advance_percentage / 100).quantize(CENT, ROUND_HALF_UP)
            entry = book(application, BudgetEntry.Kind.ADVANCE, advance, f"advance:{application.pk}")
            payments.append(
                Payment(application=application, kind=Payment.Kind.ADVANCE, amount=advance, entry=entry)
            )
            settled = state in (State.SETTLED, State.CLOSED)
            if decision.reporting != "none" and state != State.REPORT_DUE:
                reports.append(
                    AccountabilityReport(
                        application=application,
                        activities=TEXT,
                        reach_achieved=self.rng.randint(20, 800),
                        costs_incurred=granted if decision.reporting == "activity_financial" else None,
                        submitted_by=plan["member"],
                        review="accepted" if settled else "pending",
                    )
                )
            if not settled:
                continue
            final = granted if self.rng.random() < 0.85 else (granted * Decimal("0.9")).quantize(CENT)
            settlements.append(
                Settlement(application=application, final_amount=final, settled_by=self.officer)
            )
            if final < granted:
                book(
                    application, BudgetEntry.Kind.RELEASE, granted - final, f"settle-release:{application.pk}"
                )
            if final > advance:
                entry = book(
                    application, BudgetEntry.Kind.REMAINDER, final - advance, f"remainder:{application.pk}"
                )
                payments.append(
                    Payment(
                        application=application,
                        kind=Payment.Kind.REMAINDER,
                        amount=final - advance,
                        entry=entry,
                    )
                )
            elif final < advance:
                book(application, BudgetEntry.Kind.RECLAIM, advance - final, f"reclaim:{application.pk}")
        for round_ in rounds.values():
            signed = {BudgetEntry.Kind.COMMITMENT: 1, BudgetEntry.Kind.RELEASE: -1}
            committed = sum(e.amount * signed.get(e.kind, 0) for e in entries if e.round is round_)
            if committed > round_.ceiling:
                raise CommandError(
                    f"Round {round_.number}: {committed} committed, over its ceiling {round_.ceiling}."
                )
        self.save(BudgetEntry, entries)
        for payment in payments:
            payment.paid_by = self.officer
        self.save(Payment, payments)
        self.save(AccountabilityReport, reports)
        self.save(Settlement, settlements)

    # -- key-person network -------------------------------------------------------------------------

    def network(self):
        rng = self.rng
        networks = []
        for n in range(self.counts["networks"]):
            category, label = rng.choice(Network.Category.choices)
            networks.append(
                Network(
                    name=f"{label} {rng.choice(self.hoods).name} {n + 1}",
                    kind=rng.choice(Network.Kind.values),
                    category=category,
                    description=TEXT[:100],
                )
            )
        networks = self.save(Network, networks)
        self.link(Network, "neighbourhoods", ((n, h) for n in networks for h in self.pick(self.hoods, 1, 2)))

        statuses = [
            (KeyPerson.Status.ACTIVE, 75),
            (KeyPerson.Status.PROSPECT, 10),
            (KeyPerson.Status.PAUSED, 10),
            (KeyPerson.Status.ENDED, 5),
        ]
        people, consent_of = [], []
        for n in range(self.counts["key_persons"]):
            # 80% have a consent in force (three in four of them for ties too), 5% withdrew it, 15% never gave one.
            draw = rng.random()
            consent = "profile_and_ties" if draw < 0.6 else "profile" if draw < 0.8 else None
            consent = "withdrawn" if 0.8 <= draw < 0.85 else consent
            profile = consent in ("profile", "profile_and_ties")
            consent_of.append(consent)
            people.append(
                KeyPerson(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"sleutel{n + 1}@example.org",
                    phone=f"06-{rng.randint(10000000, 99999999)}",
                    status=KeyPerson.Status.ACTIVE if n == 0 else self.weighted(statuses),
                    contact_every_weeks=rng.choice([4, 6, 8, 12]),
                    created_at=self.now - timedelta(days=rng.randint(60, 1000)),
                    languages="Nederlands, Limburgs" if profile else "",
                    position="Bekend in de buurt; bestuurslid van een vereniging." if profile else "",
                )
            )
        people = self.save(KeyPerson, people)
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
            given = self.today - timedelta(days=rng.randint(30, 600))
            consents.append(
                Consent(
                    key_person=person,
                    given_on=given,
                    expires_on=given + timedelta(days=730),
                    scope="profile" if consent == "profile" else "profile_and_ties",
                    evidence="Ondertekend toestemmingsformulier",
                    recorded_by=self.director,
                    withdrawn_on=self.today - timedelta(days=rng.randint(1, 25))
                    if consent == "withdrawn"
                    else None,
                )
            )
        self.save(Consent, consents)
        profiled = [
            p for p, c in zip(people, consent_of, strict=True) if c in ("profile", "profile_and_ties")
        ]
        tied = [p for p, c in zip(people, consent_of, strict=True) if c == "profile_and_ties"]
        self.link(
            KeyPerson, "neighbourhoods", ((p, h) for p in profiled for h in self.pick(self.hoods, 1, 2))
        )
        self.link(KeyPerson, "domains", ((p, d) for p in profiled for d in self.pick(self.domains, 1, 2)))
        ties = []
        for person in tied:
            ties += [Tie(key_person=person, network=n, role="lid") for n in self.pick(networks, 1, 3)]
            if rng.random() < 0.4:
                ties.append(
                    Tie(key_person=person, organisation=rng.choice(self.organisations), role="bestuurslid")
                )
            other = rng.choice(tied)
            if other is not person and rng.random() < 0.3:
                ties.append(Tie(key_person=person, other_person=other, role="kennen elkaar", strength=3))
        self.save(Tie, ties)
        active = [p for p in people if p.status == KeyPerson.Status.ACTIVE]
        self.contacts(active)
        signals = self.signals()
        self.actions(active, signals)

    def contacts(self, active: list) -> None:
        rng = self.rng
        moments = []
        for _n in range(self.counts["contact_moments"]):
            day = self.recent_day(730)
            moments.append(
                ContactMoment(
                    occurred_on=day,
                    staff_member=rng.choice(self.network_staff),
                    channel=rng.choice(ContactMoment.Channel.values),
                    notes="Gesprek over de sfeer in de buurt.",
                    created_at=self.moment(day),
                )
            )
        moments = self.save(ContactMoment, moments)
        self.link(ContactMoment, "key_persons", ((m, p) for m in moments for p in self.pick(active, 1, 2)))
        self.link(ContactMoment, "topics", ((m, t) for m in moments for t in self.pick(self.topics, 1, 2)))
        levels = [(1, 30), (2, 35), (3, 20), (4, 10), (5, 5)]
        self.save(
            TemperatureReading,
            [
                TemperatureReading(
                    neighbourhood=rng.choice(self.hoods),
                    level=self.weighted(levels),
                    measured_on=self.recent_day(365),
                    source=rng.choice(TemperatureReading.Source.values),
                    recorded_by=rng.choice(self.network_staff),
                )
                for _n in range(self.counts["temperature_readings"])
            ],
        )

    def signals(self) -> list:
        rng = self.rng
        old = [(SignalState.CLOSED, 90), (SignalState.MONITORING, 10)]
        recent = [
            (SignalState.NEW, 30),
            (SignalState.ASSESSING, 25),
            (SignalState.ACTION, 20),
            (SignalState.MONITORING, 15),
            (SignalState.CLOSED, 10),
        ]
        signals = []
        for _n in range(self.counts["signals"]):
            day = self.recent_day(730)
            state = self.weighted(old if (self.today - day).days > 60 else recent)
            closed = state == SignalState.CLOSED
            signals.append(
                Signal(
                    observed_on=day,
                    neighbourhood=rng.choice(self.hoods),
                    theme=rng.choice(self.topics),
                    severity=self.weighted([(1, 40), (2, 35), (3, 20), (4, 5)]),
                    source=rng.choice(Signal.Source.values),
                    description="Spanning rond het buurthuis na een incident.",
                    state=state,
                    recorded_by=rng.choice(self.network_staff),
                    created_at=self.moment(day),
                    closed_at=self.moment(min(self.today, day + timedelta(days=30))) if closed else None,
                )
            )
        signals = self.save(Signal, signals)
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
        self.save(SignalStateChange, history)
        serious = [s for s in signals if s.severity >= 3 and rng.random() < 0.3]
        self.link(Signal, "escalated_to", ((s, rng.choice(self.partners)) for s in serious))
        return signals

    def actions(self, active: list, signals: list) -> None:
        rng = self.rng
        followed = [s for s in signals if s.state in (SignalState.ACTION, SignalState.MONITORING)] or signals
        actions = []
        for n in range(self.counts["actions"]):
            due = self.today + timedelta(days=rng.randint(-120, 60))
            on_person = n % 5 < 2 and active
            actions.append(
                Action(
                    key_person=rng.choice(active) if on_person else None,
                    signal=None if on_person else rng.choice(followed),
                    owner=rng.choice(self.network_staff),
                    description="Bijpraten." if on_person else "Partners bijeenroepen.",
                    due_on=due,
                    done_on=due if due < self.today and rng.random() < 0.8 else None,
                )
            )
        self.save(Action, actions)


def path_to(state: str, *, outcome: str = "", reporting: str = "") -> list[tuple[str, str]]:
    """The (from, to) steps from draft to `state` along ALLOWED_TRANSITIONS, as the services take them.

    After a grant (`outcome`) the advance is paid; then a report is due, unless reporting is "none".
    """
    before = {
        State.DRAFT: [],
        State.SUBMITTED: [State.SUBMITTED],
        State.INFORMATION_REQUESTED: [State.SUBMITTED, State.INFORMATION_REQUESTED],
        State.INELIGIBLE: [State.SUBMITTED, State.INELIGIBLE],
        State.WITHDRAWN: [State.SUBMITTED, State.WITHDRAWN],
        State.ELIGIBLE: [State.SUBMITTED, State.ELIGIBLE],
        State.ASSESSED: [State.SUBMITTED, State.ELIGIBLE, State.ASSESSED],
    }
    if state in before:
        states = before[state]
    else:
        states = [State.SUBMITTED, State.ELIGIBLE, State.ASSESSED, outcome]
        if state != outcome:
            states.append(State.ADVANCE_PAID)
            if reporting != "none" and state != State.ADVANCE_PAID:
                states.append(State.REPORT_DUE)
                if state != State.REPORT_DUE:
                    states.append(State.REPORT_SUBMITTED)
            if state in (State.SETTLED, State.CLOSED):
                states.append(State.SETTLED)
            if state == State.CLOSED:
                states.append(State.CLOSED)
    steps, previous = [], State.DRAFT
    for next_state in states:
        if next_state not in ALLOWED_TRANSITIONS[previous]:
            raise CommandError(
                f"No transition from {previous} to {next_state}: the generator's paths are wrong."
            )
        steps.append((previous, next_state))
        previous = next_state
    if previous != state:
        raise CommandError(f"The path to {state} ends in {previous}.")
    return steps
