"""One allocation for every reader (Awb 4:25–4:27), tested as a property.

For random rounds — scores and ties (and either tie rule), amounts, ceilings, minimum scores and amounts, partial grants or not,
withdrawals and conflicts of interest — the ranking page, its summary, the export and the decisions the round
decision takes are the same allocation, and committed money never exceeds the ceiling.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenders import exports, ledger, services, totals
from tenders.allocation import RankingRow, Rules, allocate
from tenders.models import Application, Assessment, Criterion, Round, Score, State
from tenders.queries import ranking, ranking_page
from tests.factories import OrganisationFactory, RoundFactory, UserFactory, as_amendment

START = timezone.now() - timedelta(days=10)
amounts = st.integers(min_value=2, max_value=50).map(lambda n: Decimal(n * 500))
rules = st.builds(
    Rules,
    ceiling=st.integers(min_value=0, max_value=120).map(lambda n: Decimal(n * 500)),
    is_tender=st.booleans(),
    minimum_total=st.integers(min_value=0, max_value=8).map(Decimal),
    minimum_amount=st.sampled_from([Decimal("0"), Decimal("1000"), Decimal("2500")]),
    allows_partial=st.booleans(),
    tie_rule=st.sampled_from(["complete_first", "first_criterion"]),
)
rows = st.lists(
    st.tuples(
        amounts,
        st.none() | st.integers(min_value=0, max_value=10),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=0, max_value=2),  # few distinct first-criterion scores: ties there too
    ),
    max_size=12,
).map(
    lambda specs: [
        RankingRow(
            application_id=index,
            reference=f"R-{index:04d}",
            title="",
            organisation="",
            requested_amount=amount,
            complete_at=START + timedelta(hours=hour),
            total=None if total is None else Decimal(total),
            first_score=Decimal(first),
        )
        for index, (amount, total, hour, first) in enumerate(specs)
    ]
)


def _key(rows):
    return [(r.application_id, r.position, r.funding, r.fundable_amount) for r in rows]


@given(candidates=rows, rules=rules)
def test_the_allocation_never_exceeds_the_ceiling_nor_a_request(candidates, rules):
    allocated = list(allocate(candidates, rules))

    assert sum(r.fundable_amount for r in allocated) <= rules.ceiling
    assert all(0 <= r.fundable_amount <= r.requested_amount for r in allocated)
    assert sorted(r.application_id for r in allocated) == sorted(r.application_id for r in candidates)
    partial = [r for r in allocated if r.funding == "partial"]
    assert len(partial) <= (1 if rules.allows_partial else 0)
    assert all(r.fundable_amount >= rules.minimum_amount for r in partial)


@given(candidates=rows, rules=rules)
def test_the_allocation_funds_in_ranking_order_and_leaves_nothing_that_fits(candidates, rules):
    allocated = list(allocate(candidates, rules))
    ranked = [r for r in allocated if r.position is not None]

    assert [r.position for r in ranked] == list(range(1, len(ranked) + 1))
    if rules.is_tender:
        assert all(r.total is not None and r.total >= rules.minimum_total for r in ranked)
        by_first = rules.tie_rule == "first_criterion"
        keys = [(-r.total, -r.first_score if by_first else 0, r.complete_at, r.reference) for r in ranked]
        assert keys == sorted(keys)
    remaining = rules.ceiling
    for row in ranked:
        if row.funding == "none":
            # Refused only when it does not fit, and (with partial grants) the rest is below the minimum amount.
            assert row.requested_amount > remaining
            assert not (rules.allows_partial and remaining > 0 and remaining >= rules.minimum_amount)
        remaining -= row.fundable_amount


@given(candidates=rows, rules=rules, data=st.data())
def test_decisions_that_follow_the_allocation_do_not_change_it(candidates, rules, data):
    """Deciding the first k applications as allocated (whatever k) leaves the same allocation for everyone."""
    allocated = list(allocate(candidates, rules))
    decided_count = data.draw(st.integers(min_value=0, max_value=len(allocated)))
    decided = {r.application_id: r.fundable_amount for r in allocated[:decided_count]}
    again = [
        RankingRow(**{**vars(c), "decided_amount": decided.get(c.application_id)}) for c in candidates
    ]  # fmt: skip

    assert _key(allocate(again, rules)) == _key(allocated)


# -- the same, through the database: the page, the summary, the export and the round decision ----------------

applications = st.lists(
    st.fixed_dictionaries(
        {
            "amount": amounts,
            "scores": st.lists(st.tuples(st.integers(5, 8), st.integers(5, 8)), min_size=2, max_size=3),
            "hour": st.integers(min_value=0, max_value=2),  # few distinct moments: ties on completeness too
            "withdrawn": st.booleans(),
            "conflict": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


def _build(round_, specs, officer, assessors):
    with as_amendment():  # the round is published already
        criteria = [
            Criterion.objects.create(round=round_, name=f"C{n}", weight=weight, position=n)
            for n, weight in enumerate((2, 1))
        ]
    for index, spec in enumerate(specs):
        application = Application.objects.create(
            round=round_, organisation=OrganisationFactory(), created_by=officer, title=f"P{index}",
            requested_amount=spec["amount"], reference=f"T-{round_.pk}-{index:04d}",
            state=State.WITHDRAWN if spec["withdrawn"] else State.ASSESSED,
            submitted_at=START, complete_at=START + timedelta(hours=spec["hour"]),
        )  # fmt: skip
        for assessor, sheet in zip(assessors, spec["scores"], strict=False):
            assessment = Assessment.objects.create(
                application=application, assessor=assessor, assigned_by=officer, submitted_at=START
            )
            for criterion, value in zip(criteria, sheet, strict=True):
                Score.objects.create(
                    assessment=assessment, criterion=criterion, score=value, motivation="Goed."
                )
        if spec["conflict"]:
            Assessment.objects.create(
                application=application, assessor=assessors[-1], assigned_by=officer, has_conflict=True,
                conflict_note="Familie.",
            )  # fmt: skip
    totals.refresh_round(round_)  # written past the services: the totals the ranking reads are kept here


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=applications,
    ceiling=st.integers(min_value=0, max_value=120).map(lambda n: Decimal(n * 500)),
    minimum_total=st.integers(min_value=0, max_value=20).map(Decimal),
    minimum_amount=st.sampled_from([Decimal("0"), Decimal("1000"), Decimal("2500")]),
    allows_partial=st.booleans(),
    tie_rule=st.sampled_from(Round.TieRule.values),
)
def test_the_page_summary_export_and_round_decision_are_one_allocation(
    roles, officer, specs, ceiling, minimum_total, minimum_amount, allows_partial, tie_rule
):
    with transaction.atomic():
        cache.clear()
        round_ = RoundFactory(
            ceiling=ceiling, minimum_total_score=minimum_total, minimum_amount=minimum_amount, maximum_amount=ceiling
            + Decimal("25000"), allows_partial_grants=allows_partial, opens_at=START - timedelta(days=30),
            closes_at=START, tie_rule=tie_rule,
        )  # fmt: skip
        assessors = [UserFactory(roles=["beoordelaar"]) for _ in range(4)]
        _build(round_, specs, officer, assessors)

        expected = ranking(round_)
        summary, page = ranking_page(round_, 1)
        [section] = exports.ranking(round=round_.pk).sections
        exported = [(row[0] or None, row[1], row[6], row[7]) for row in section.rows]
        decisions = services.decide_round(round_=round_, by=officer) if expected else []

        assert _key(page.object_list) == _key(expected)
        assert exported == [(r.position, r.reference, r.funding, r.fundable_amount) for r in expected]
        assert summary.within_ceiling == sum(r.fundable_amount for r in expected) <= ceiling
        assert summary.in_full == sum(r.funding == "full" for r in expected)
        assert [(d.application_id, d.granted_amount) for d in decisions] == [
            (r.application_id, r.fundable_amount) for r in expected
        ]
        assert ledger.regular_committed(round_) == summary.within_ceiling <= ceiling
        assert _key(ranking(round_)) == _key(
            expected
        )  # the decisions taken keep the allocation they followed
        withdrawn = {a.pk for a in Application.objects.filter(round=round_, state=State.WITHDRAWN)}
        assert withdrawn.isdisjoint(r.application_id for r in expected)
        transaction.set_rollback(True)
