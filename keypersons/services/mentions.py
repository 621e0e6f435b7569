"""Every mention of a key person in every text column of every table, and replacing them (AVG art. 17).

`find_mentions()` lists them for the director before an erasure is confirmed; `replace_mentions()` does the
replacing inside the erasure's (or the pseudonymisation's) transaction. What counts as a mention is the rule in
keypersons/mentions.py. The columns searched are every character, text and JSON column of every model of every
installed app — notes, signals, actions, networks, reminders, exports, outbox messages, the audit trail and
anything added later — except:

- the person's own row, which the erasure empties field by field;
- the names, e-mail addresses and telephone numbers of other key persons and of the portal's users: a brother
  or a colleague with the same surname is not a mention, and their record must stay right;
- the access log, which holds ids and codes only (by construction) and which nothing may change;
- the sessions (signed, encoded data that expires), the second-factor devices and their secrets, and Django's own
  tables of content types and permissions.

Rows are changed with `update()`, so no audit-trail entry is written with the old text in it.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from reminders.models import Reminder

from ..mentions import Patterns, patterns_for
from ..models import AccessLog, Action, KeyPerson, ShownPerson, Tie

SKIPPED_APPS = frozenset({"contenttypes", "sessions", "auth", "otp_static", "otp_totp", "two_factor"})
SKIPPED_MODELS = (AccessLog, ShownPerson)
IDENTITY_FIELDS = {KeyPerson: {"name", "email", "phone"}}  # and the user model's, added in _skipped_fields()
EXCERPT = 60
KINDS = {
    "email": _("e-mail address"),
    "phone": _("telephone number"),
    "name": _("name"),
    "surname": _("surname"),
    "first_name": _("first name, in a text about this person"),
}


@dataclass(frozen=True)
class Mention:
    """One mention: where it is, what kind of mention it is, and the text around it."""

    model: type[models.Model]
    pk: object
    field: str
    kind: str
    before: str
    text: str
    after: str

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def place(self) -> str:
        field = self.model._meta.get_field(self.field)
        return f"{str(self.model._meta.verbose_name).capitalize()} #{self.pk}, {field.verbose_name}"


def _skipped_fields(model) -> set[str]:
    user = get_user_model()
    if model is user:
        return {"username", "first_name", "last_name", "email", "password"}
    return IDENTITY_FIELDS.get(model, set())


def _text_fields(model) -> list[models.Field]:
    skipped = _skipped_fields(model)
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        and not field.choices
        and not field.primary_key
        and field.name not in skipped
    ]


def searched_models() -> list[type[models.Model]]:
    """Every model whose text is searched for mentions (see the module docstring for what is left out)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in SKIPPED_APPS
        and model not in SKIPPED_MODELS
        and _text_fields(model)
    ]


def linked_records(person: KeyPerson) -> dict[type[models.Model], set]:
    """The records that belong to this person: in these, their first name alone counts as a mention."""
    from ..models import Consent, ContactMoment, Network, Rectification, RetentionReview, RightsRequest

    ties = Tie.objects.filter(Q(key_person=person) | Q(other_person=person))
    action_ids = set(Action.objects.filter(key_person=person).values_list("pk", flat=True))
    reminders = Reminder.objects.filter(
        Q(subject_type=ContentType.objects.get_for_model(KeyPerson), subject_id=person.pk)
        | Q(subject_type=ContentType.objects.get_for_model(Action), subject_id__in=action_ids)
    )
    return {
        ContactMoment: set(ContactMoment.objects.filter(key_persons=person).values_list("pk", flat=True)),
        Action: action_ids,
        Tie: set(ties.values_list("pk", flat=True)),
        Network: set(ties.exclude(network=None).values_list("network_id", flat=True)),
        Consent: set(person.consents.values_list("pk", flat=True)),
        Reminder: set(reminders.values_list("pk", flat=True)),
        RightsRequest: set(RightsRequest.objects.filter(key_person=person).values_list("pk", flat=True)),
        Rectification: set(
            Rectification.objects.filter(request__key_person=person).values_list("pk", flat=True)
        ),
        RetentionReview: set(RetentionReview.objects.filter(key_person=person).values_list("pk", flat=True)),
    }


def namesakes(person: KeyPerson) -> list[str]:
    """Full names of other key persons and of users that share a word with this person's name ("Karim Bakkali")."""
    words = [word for word in person.name.split() if len(word) >= 2]
    if not words:
        return []
    query = Q()
    for word in words:
        query |= Q(name__icontains=word)
    names = set(
        KeyPerson.objects.filter(query, erased_at__isnull=True)
        .exclude(pk=person.pk)
        .values_list("name", flat=True)
    )
    user_query = Q()
    for word in words:
        user_query |= Q(first_name__iexact=word) | Q(last_name__icontains=word)
    for first, last in get_user_model().objects.filter(user_query).values_list("first_name", "last_name"):
        names.add(f"{first} {last}".strip())
    return sorted(name for name in names if name.strip().lower() != person.name.strip().lower())


def identities(person: KeyPerson) -> list[Patterns]:
    """The patterns of the person as they are known now and as they were before a rectification (AVG art. 16),
    so that an old name or telephone number in a note is found as well."""
    from ..models import Rectification

    others = namesakes(person)
    current = {"name": person.name, "email": person.email, "phone": person.phone}
    known = [current]
    for change in Rectification.objects.filter(request__key_person=person).exclude(before=""):
        if change.field in current and {**current, change.field: change.before} not in known:
            known.append({**current, change.field: change.before})
    return [patterns_for(**identity, others=others) for identity in known]


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _replace_in_json(value, replace):
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, dict):
        return {replace(key): _replace_in_json(item, replace) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_replace_in_json(item, replace) for item in value]
    return value


def _candidates(model, fields: list[models.Field], prefilter: str, person: KeyPerson):
    """The rows of which a column may hold a mention: the database narrows them down with a broad pattern."""
    rows = model._base_manager.all()
    if model is KeyPerson:
        rows = rows.exclude(pk=person.pk)
    query = Q()
    for field in fields:
        if isinstance(field, models.JSONField):
            rows = rows.annotate(**{f"_text_{field.name}": Cast(field.name, models.TextField())})
            query |= Q(**{f"_text_{field.name}__iregex": prefilter})
        else:
            query |= Q(**{f"{field.name}__iregex": prefilter})
    return rows.filter(query).values_list("pk", *[field.name for field in fields]).order_by("pk")


@dataclass(frozen=True)
class Row:
    """A row that may mention the person. `own`: one of the person's own records; `linked`: their own, or a row
    that names them in a certain way somewhere, so that their first name alone counts in all of it."""

    model: type[models.Model]
    pk: object
    values: dict
    own: bool
    linked: bool


def scan(person: KeyPerson, patterns: Patterns) -> Iterator[Row]:
    """Every row of every searched model that may mention the person, one query per model."""
    if not patterns.prefilter:
        return
    own_records = linked_records(person)
    for model in searched_models():
        fields = _text_fields(model)
        for pk, *values in _candidates(model, fields, patterns.prefilter, person):
            own = pk in own_records.get(model, ())
            named = any(patterns.find(text, linked=False) for value in values for text in _strings(value))
            yield Row(model, pk, dict(zip(fields, values, strict=True)), own, own or named)


def find_mentions(person: KeyPerson) -> list[Mention]:
    """Every mention of the person anywhere in the database, with the text around it (for the director)."""
    found = []
    for patterns in identities(person):
        found.extend(_mentions(person, patterns))
    unique = {(m.model, m.pk, m.field, m.before, m.text, m.after): m for m in found}
    return list(unique.values())


def _mentions(person: KeyPerson, patterns: Patterns) -> list[Mention]:
    found = []
    for row in scan(person, patterns):
        for field, value in row.values.items():
            for text in _strings(value):
                for start, end, kind in patterns.find(text, linked=row.linked):
                    found.append(
                        Mention(
                            model=row.model, pk=row.pk, field=field.name, kind=kind, text=text[start:end],
                            before=text[max(0, start - EXCERPT):start], after=text[end:end + EXCERPT],
                        )
                    )  # fmt: skip
    return found


def replace_mentions(person: KeyPerson, marker: str) -> int:
    """Replace every mention of the person (as known now and before any rectification) with `marker`, in every
    searched column; the number replaced. Runs in the caller's transaction, which holds the person's lock."""
    return sum(_replace(person, marker, patterns) for patterns in identities(person))


def _replace(person: KeyPerson, marker: str, patterns: Patterns) -> int:
    replaced = 0
    for row in list(scan(person, patterns)):
        counted = [0]

        def replace(text: str, linked=row.linked, counted=counted) -> str:
            new, count = patterns.replace(text, marker, linked=linked)
            counted[0] += count
            return new

        changes = {}
        for field, value in row.values.items():
            before = counted[0]
            new = (
                _replace_in_json(value, replace)
                if isinstance(field, models.JSONField)
                else replace(value or "")
            )
            if counted[0] > before:
                changes[field.name] = (
                    new[: field.max_length] if field.max_length and isinstance(new, str) else new
                )
        if changes:
            _update(row.model, row.pk, changes)
            replaced += counted[0]
    return replaced


def _update(model, pk, values: dict) -> None:
    try:
        with transaction.atomic():
            model._base_manager.filter(pk=pk).update(**values)
    except IntegrityError:
        # A unique column ("Vrouwengroep [gewist]" twice): the row's number makes it unique again.
        unique = {
            name: f"{value} ({pk})"
            if isinstance(value, str) and model._meta.get_field(name).unique
            else value
            for name, value in values.items()
        }
        model._base_manager.filter(pk=pk).update(**unique)
