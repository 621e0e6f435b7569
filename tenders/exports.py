"""The officers' reports as background exports (see the exports app): each builder
reads its rows lazily, so even a round with many thousands of applications streams from the database."""

from django.utils import timezone
from django.utils.translation import gettext as _

from exports.writers import Export, Section
from initiatives.models import Organisation
from maastricht_inclusie.spreadsheets import FORMULA_PREFIXES

from . import ledger, queries
from .models import Application, Decision, Payment, Programme, Round, State

CHUNK = 2000


def _round(round: int) -> Round:
    return Round.objects.select_related("programme").get(pk=int(round))


def _slug(round_: Round) -> str:
    return f"{round_.programme.code}-R{round_.number}"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


# A payment is ordered (the advance on the decision, the remainder on settlement), put in a batch that is sent to
# finance when a second officer approves it, and paid on the day finance paid it (empty while it is not paid).
PAYMENT_HEADERS = [
    "reference", "organisation", "kind", "amount", "ordered_at", "ordered_by", "status", "batch",
    "sent_to_finance_at", "paid_on",
]  # fmt: skip


def _payment_rows(payments):
    kinds = {value: str(label) for value, label in Payment.Kind.choices}  # translated once, not per row
    statuses = {value: str(label) for value, label in Payment.Status.choices}

    def row(ref, org, kind, amount, ordered, first, last, username, status, batch, sent, paid):
        return (
            ref, org, kinds.get(kind, kind), amount, _when(ordered), _name(first, last, username),
            statuses.get(status, status), batch or "", _when(sent), paid.isoformat() if paid else "",
        )  # fmt: skip

    return (row(*values) for values in payments.iterator(chunk_size=CHUNK))


def round_applications(*, round: int) -> Export:
    round_ = _round(round)
    applications = (
        Application.objects.filter(round=round_)
        .exclude(state=State.DRAFT)
        .order_by("reference", "pk")
        .values_list(
            "reference",
            "organisation__name",
            "title",
            "state",
            "requested_amount",
            "submitted_at",
            "expected_reach",
        )
    )
    labels = {value: str(label) for value, label in State.choices}  # translated once, not per row
    rows = (
        (ref, org, title, labels.get(state, state), amount, _when(submitted), reach)
        for ref, org, title, state, amount, submitted, reach in applications.iterator(chunk_size=CHUNK)
    )
    headers = [
        "reference",
        "organisation",
        "title",
        "state",
        "requested_amount",
        "submitted_at",
        "expected_reach",
    ]
    return Export(
        title=_("Applications of %(round)s") % {"round": round_},
        filename=f"aanvragen-{_slug(round_)}",
        sections=[
            Section(
                str(round_), headers, rows, applications.count(), lambda: _applications_sql(round_, labels)
            )
        ],
    )


def _applications_sql(round_: Round, labels: dict[str, str]) -> tuple[str, list]:
    """`round_applications`' rows as one query for PostgreSQL's COPY: the same cells its generator gives, text
    neutralised as `exports.writers` does, the state labelled and the time local, an empty cell NULL (unquoted)."""
    application, organisation = Application._meta.db_table, Organisation._meta.db_table

    def text(column: str) -> str:
        return f"NULLIF(CASE WHEN left({column}, 1) = ANY(%s) THEN chr(39) || {column} ELSE {column} END, '')"

    label = "CASE a.state " + " ".join("WHEN %s THEN %s" for _ in labels) + " ELSE a.state END"
    sql = (
        f"SELECT {text('t.reference')}, {text('t.name')}, {text('t.title')}, {text('t.label')}, t.requested_amount, "  # noqa: S608 (names from the models; values bound)
        "to_char(t.submitted_at AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI'), t.expected_reach "
        f"FROM (SELECT a.id, a.reference, o.name, a.title, {label} AS label, a.requested_amount, a.submitted_at, "
        f"a.expected_reach FROM {application} a JOIN {organisation} o ON o.id = a.organisation_id "
        "WHERE a.round_id = %s AND a.state <> %s) t ORDER BY t.reference, t.id"
    )
    prefixes = list(FORMULA_PREFIXES)
    pairs = [item for pair in labels.items() for item in pair]
    params = [prefixes, prefixes, prefixes, prefixes, timezone.get_current_timezone_name(), *pairs, round_.pk,
              State.DRAFT]  # fmt: skip
    return sql, params


def ranking(*, round: int) -> Export:
    round_ = _round(round)
    ranked = queries.ranking(round_)
    rows = (
        (
            row.position or "", row.reference, row.organisation, row.title,
            row.total if row.total is not None else "", row.requested_amount, row.funding, row.fundable_amount,
        )
        for row in ranked
    )  # fmt: skip
    headers = ["position", "reference", "organisation", "title", "total_score", "requested_amount", "funding", "fundable_amount"]  # fmt: skip
    return Export(
        title=_("Ranked list of %(round)s") % {"round": round_},
        filename=f"rangschikking-{_slug(round_)}",
        sections=[Section(str(round_), headers, rows, len(ranked))],
    )


def decisions_payments(*, round: int) -> Export:
    round_ = _round(round)
    decisions = (
        Decision.objects.filter(application__round=round_)
        .order_by("application__reference", "decided_at")
        .values_list(
            "application__reference", "application__organisation__name", "outcome", "granted_amount", "decided_at",
            "on_objection_id",
        )
    )  # fmt: skip
    outcomes = {value: str(label) for value, label in Decision.Outcome.choices}
    payments = (
        Payment.objects.filter(application__round=round_)
        .order_by("ordered_at", "pk")
        .values_list(
            "application__reference", "application__organisation__name", "kind", "amount", "ordered_at",
            "ordered_by__first_name", "ordered_by__last_name", "ordered_by__username", "status", "batch_id",
            "batch__approved_at", "paid_on",
        )
    )  # fmt: skip
    yes, no = _("yes"), _("no")
    return Export(
        title=_("Decisions and payments of %(round)s") % {"round": round_},
        filename=f"besluiten-betalingen-{_slug(round_)}",
        sections=[
            Section(
                _("Decisions"),
                ["reference", "organisation", "outcome", "granted_amount", "decided_at", "on_objection"],
                (
                    (
                        ref,
                        org,
                        outcomes.get(out, out),
                        amount,
                        _when(at),
                        yes if objection else no,
                    )
                    for ref, org, out, amount, at, objection in decisions.iterator(chunk_size=CHUNK)
                ),
                decisions.count(),
            ),
            Section(_("Payments"), PAYMENT_HEADERS, _payment_rows(payments), payments.count()),
        ],
    )


def programme_overview(*, programme: int) -> Export:
    programme_ = Programme.objects.get(pk=int(programme))
    totals = ledger.programme_overview(programme_)
    rows = [
        (
            t.round.title,
            t.round.ceiling,
            t.requested,
            t.committed,
            t.paid,
            t.settled,
            t.remaining,
            t.applications,
            t.grants,
        )
        for t in totals
    ]
    headers = [
        "round",
        "ceiling",
        "requested",
        "granted",
        "paid",
        "settled",
        "remaining",
        "applications",
        "grants",
    ]
    return Export(
        title=_("Programme overview: %(programme)s") % {"programme": programme_.name},
        filename=f"programma-{programme_.code}",
        sections=[Section(programme_.name, headers, rows, len(rows))],
    )
