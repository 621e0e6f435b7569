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
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from accounts.roles import ASSESSOR, DIRECTOR, NETWORK_STAFF, POLICY_OFFICER
from demo import data
from initiatives.models import Neighbourhood, TargetGroup, Theme
from keypersons.models import Domain, Partner, Topic

from .words import FIRST_NAMES

# The users the benchmark logs in as.
MEMBER_USERNAME = "bench-lid-00000"
OFFICER_USERNAME = "bench-beleid"
SECOND_OFFICER_USERNAME = "bench-beleid-2"  # approves the payment batches the first prepares (four eyes)
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


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for rows not written yet, taken from the table's sequence, so that what refers to them (the
    rows linked to them, the ledger's keys, the SEPA end-to-end ids) can be made before the rows are written."""
    if not count:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [cursor.fetchone()[0], count])
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")
        start = (cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + count))


def copy_values(table: str, columns: list[str], rows) -> int:
    """Write plain tuples into a table with PostgreSQL's COPY (psycopg 3's `cursor.copy()`); returns how many."""
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per value
    quote = database.ops.quote_name
    written = 0
    with (
        database.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


# Fields whose value goes to the database as the instance holds it (psycopg adapts it); the others go through
# get_db_prep_save, as in bulk_create. Text fields hold choices (enums): their plain value is written.
PLAIN = (models.IntegerField, models.BooleanField, models.DateField, models.DecimalField, models.ForeignKey)


def converter(field):
    """How copy_rows reads a field's value for the database: what bulk_create would write, made cheaper."""
    database = connections[DEFAULT_DB_ALIAS]
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: field.get_db_prep_save(field.pre_save(row, True), database)
    attname = field.attname
    if isinstance(field, models.ForeignKey):

        def key(row):
            # As bulk_create: a row assigned before it was saved has its key now.
            value = getattr(row, attname)
            if value is None and field.is_cached(row) and field.get_cached_value(row) is not None:
                value = field.get_cached_value(row).pk
                setattr(row, attname, value)
            return value

        return key
    if isinstance(field, PLAIN) and not isinstance(field, models.JSONField):
        return lambda row: getattr(row, attname)
    if isinstance(field, (models.CharField, models.TextField)):
        return lambda row: None if (value := getattr(row, attname)) is None else str(value)
    return lambda row: field.get_db_prep_save(getattr(row, attname), database)


def copy_rows(model, rows: list) -> list:
    """Write model instances with COPY, each with its key (reserved from the table's sequence first)."""
    fields = model._meta.concrete_fields
    keyless = [row for row in rows if row.pk is None]  # some had their keys reserved before (money.py)
    for row, pk in zip(keyless, reserve_ids(model, len(keyless)), strict=True):
        row.pk = pk
    values = [converter(field) for field in fields]
    copy_values(model._meta.db_table, [field.column for field in fields],
                ([value(row) for value in values] for row in rows))  # fmt: skip
    for row in rows:
        row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS
    return rows


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
        """Write the rows, as bulk_create would (the same values, defaults and triggers), and give them their keys.

        On PostgreSQL with COPY (psycopg 3's `cursor.copy()`), the keys reserved from the table's sequence first:
        several times faster than INSERT for the large tables, and it fires the same triggers and checks.
        """
        rows = list(rows)
        if connection.vendor == "postgresql" and rows:
            created = copy_rows(model, rows)
        else:
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
        if connection.vendor != "postgresql":
            self.save(Through, [Through(**{source.attname: a.pk, target.attname: b.pk}) for a, b in pairs])
            return
        # Plain pairs, no instances: the link tables are the largest (their keys come from their sequence).
        table = Through._meta.db_table
        written = copy_values(table, [source.column, target.column], ((a.pk, b.pk) for a, b in pairs))
        self.written[table] = self.written.get(table, 0) + written

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
        staff = [(OFFICER_USERNAME, POLICY_OFFICER, True), (SECOND_OFFICER_USERNAME, POLICY_OFFICER, True)]
        staff += [(DIRECTOR_USERNAME, DIRECTOR, True)]
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
        self.second_officer = created[SECOND_OFFICER_USERNAME]
        self.director = created[DIRECTOR_USERNAME]
        self.assessors = [created[name] for name, role, _s in staff if role == ASSESSOR]
        self.network_staff = [self.director] + [
            created[name] for name, role, _s in staff if role == NETWORK_STAFF
        ]
        self.members = [created[name] for name in members]
