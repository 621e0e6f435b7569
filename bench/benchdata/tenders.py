"""The tender rounds: the applications planned per round, their scores, and the decisions along the ranking."""

from datetime import timedelta
from decimal import Decimal

from demo import data
from tenders.models import Criterion, Decision, Programme, Round, State
from tenders.services.rounds import loading_submitted_content

from .applications import write_applications, write_assessments
from .generator import CENT, Generator
from .money import write_money
from .words import TEXT

# The benchmark's programme, and the round whose ranking it loads.
PROGRAMME_CODE = "BENCH"
RANKING_ROUND = 2

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


def write_tenders(gen: Generator):
    rng = gen.rng
    opening = {
        number: gen.moment(gen.today - timedelta(days=ago), 9) for number, _t, ago, _d, _f in ROUND_PLANS
    }
    plans = []
    for n in range(gen.counts["applications"]):
        number, _title, _ago, days, fates = ROUND_PLANS[n % len(ROUND_PLANS)]
        index = n % len(gen.organisations)
        plans.append(
            {
                "round": number,
                "fate": gen.weighted(fates.items()),
                "organisation": gen.organisations[index],
                "member": gen.members[index],
                "amount": Decimal(rng.randrange(20, 501) * 50),
                "quality": rng.uniform(3, 9.6),
                "submitted_at": opening[number] + timedelta(seconds=rng.randint(3600, days * 86400 - 7200)),
            }
        )
    # References in the order of submission within each round, as tenders.services.submit numbers them.
    for number, *_rest in ROUND_PLANS:
        submitted = [p for p in plans if p["round"] == number and p["fate"] != "draft"]
        for position, plan in enumerate(sorted(submitted, key=lambda p: p["submitted_at"]), start=1):
            plan["reference"] = f"{PROGRAMME_CODE}-R{number}-{position:04d}"
    for plan in plans:
        plan_assessments(gen, plan)

    programme = Programme(
        name=f"Benchmark: flexibele subsidies (schaal {gen.scale:g})",
        code=PROGRAMME_CODE,
        total_budget=Decimal("0"),
        funding_source="Fictief, voor de benchmarks",
        starts_on=gen.today - timedelta(days=600),
        ends_on=gen.today + timedelta(days=365),
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
            decision_term_weeks=13,
            assessment_deadline=opening[number] + timedelta(days=days + 30),
            minimum_total_score=MINIMUM_TOTAL_SCORE,
        )
    # The ceilings together stay within the programme budget, with a tenth in reserve.
    ceilings = sum((round_.ceiling for round_ in rounds.values()), Decimal("0"))
    programme.total_budget = (ceilings * Decimal("1.1")).quantize(CENT)
    programme = gen.save(Programme, [programme])[0]
    for round_ in rounds.values():
        round_.programme = programme
    gen.save(Round, list(rounds.values()))
    with loading_submitted_content():  # the rounds are published already
        criteria = gen.save(
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
        decide(gen, programme, round_, [p for p in plans if p["round"] == number])
    applications = write_applications(gen, plans, rounds)
    write_assessments(gen, applications, plans, criteria)
    write_money(gen, applications, plans, rounds)


def plan_assessments(gen: Generator, plan: dict) -> None:
    """Two assessors per eligible application, with their scores per criterion (None: not submitted)."""
    plan["scores"] = []
    if plan["fate"] not in ("ranked", "assessed", "eligible"):
        return
    submitted = 2 if plan["fate"] != "eligible" else gen.rng.randint(0, 1)
    weights = [weight for _name, weight, _note in data.CRITERIA]
    for index in range(2):
        if index >= submitted:
            plan["scores"].append(None)
            continue
        spread = [round(plan["quality"] + gen.rng.uniform(-1.5, 1.5)) for _weight in weights]
        plan["scores"].append([max(0, min(10, score)) for score in spread])
    if submitted == 2:
        # As tenders.queries.ranking computes it: the weighted total averaged over the assessments.
        weighted = sum(
            score * weight for row in plan["scores"] for score, weight in zip(row, weights, strict=True)
        )
        plan["total"] = (Decimal(weighted) / 2).quantize(CENT)


def decide(gen: Generator, programme: Programme, round_: Round, plans: list[dict]) -> None:
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
            later = gen.weighted(AFTER_GRANT[round_.number]["none" if reporting == "none" else "report"])
            plan["state"] = outcome if later == State.GRANTED else later
