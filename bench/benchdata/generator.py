"""The Generator: the random source and clock every part draws from, the reference lists and users,
and the helpers that write rows in bulk.

The parts (registry.py, tenders.py with applications.py, network.py) are functions that take the
Generator and keep on it what later parts use (organisations, members, officer); generate() in
__init__.py runs them in order, the order the random draws depend on.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import ASSESSOR, DIRECTOR, NETWORK_STAFF, POLICY_OFFICER
from demo import data
from initiatives.models import Neighbourhood, TargetGroup, Theme
from keypersons.models import Domain, Partner, Topic

from .words import FIRST_NAMES

# The users the benchmark logs in as.
MEMBER_USERNAME = "bench-lid-00000"
OFFICER_USERNAME = "bench-beleid"
DIRECTOR_USERNAME = "bench-regisseur"
ASSESSOR_USERNAME = "bench-beoordelaar-01"  # the first of the assessors made below
BENCH_USER_PREFIX = "bench-"

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


def scaled(scale: float) -> dict[str, int]:
    """Row counts at a scale; a few of each at least, so that every page has something to show."""
    return {
        name: max(30 if name == "applications" else 3, round(n * scale)) for name, n in BASE_COUNTS.items()
    }


def through(model, field: str):
    return model._meta.get_field(field).remote_field.through


class Generator:
    def __init__(self, *, scale: float, seed: int):
        self.scale = scale
        self.counts = scaled(scale)
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.written: dict[str, int] = {}

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
