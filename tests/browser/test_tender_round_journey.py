"""A tender round from closing to its advances sent to finance, through the staff, assessor and applicant pages
(the "Done when" of issues 18 and 19).

Six organisations applied before the round closed (set up with factories and the submission service). From there
every step is a person on a page, except what time and the application manager do (an information request's
deadline passes; a third user gets the assessor role): the officer declares five applications eligible and sets the sixth aside after
its information request expired; on the round's panel page two assessors go to each application, one declares a
conflict of interest and a third takes over; the assessors score through their forms, far apart on one criterion
of one application, and the officer records the panel's agreed score. The ranking page then puts the ceiling line
above position 5, and the round decision takes exactly what it showed: three full grants, the partial grant where
the ceiling falls and a refusal because the ceiling is reached. Every decision's letter is stored once, mailed over
a real SMTP server and listed with its sent date in the applicant's portal; three advances leave in one payment
batch that one officer prepares and a second approves, as a pain.001 file that the official schema accepts.
"""

import email
import email.policy
import hashlib
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from letters.models import Letter
from maastricht_inclusie.money import euro
from tenders import ledger
from tenders.letters import letter_of
from tenders.models import Application, Decision, InformationRequest, Part, PaymentBatch, State
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, field, log_in, main_menu
from tests.factories import CriterionFactory, RoundFactory, UserFactory, closed, submitted_application

pytestmark = pytest.mark.django_db(transaction=True)

XSD = Path(__file__).parent.parent / "data" / "pain.001.001.03.xsd"
CEILING = Decimal("35000.00")
SPREAD = 3  # a criterion where two assessors differ by more points is flagged for a consensus talk

# Per application: the amount asked, and the scores on (Ontmoeting ×2, Bereik ×1) of its two assessors.
# "C" is flagged on Ontmoeting (9 against 3): averaged it would rank below "D" (19 against 21); the panel's
# agreed 8 puts it third (23). The ceiling of €35,000 funds A, B and C in full, D in part (€5,000), and not E.
PLAN = {
    "A": (Decimal("10000"), [(9, 9), (9, 9)]),
    "B": (Decimal("8000"), [(8, 8), (8, 8)]),
    "C": (Decimal("12000"), [(9, 7), (3, 7)]),
    "D": (Decimal("10000"), [(7, 7), (7, 7)]),
    "E": (Decimal("6000"), [(5, 5), (5, 5)]),
}
RANKED = ["A", "B", "C", "D", "E"]
# What a template shows when it prints a state or an outcome instead of its label.
RAW_WORDS = sorted({*State.values, *Decision.Outcome.values}, key=len, reverse=True)
RAW_STATE_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, RAW_WORDS)) + r")\b")


def _done(page, text: str, timeout: int = TIMEOUT_MS):
    """The success (or refusal) message of a step; the answer may take a while on a busy machine."""
    expect(page.get_by_role("status")).to_contain_text(text, timeout=timeout)


def _mails(smtp) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(e.content, policy=email.policy.default) for e in smtp.envelopes]


def _no_raw_state_words(page):
    """A Dutch page names states and outcomes in Dutch: never `granted`, `partially_granted`, `assessed`…"""
    text = page.locator("body").inner_text()
    assert RAW_STATE_WORDS.search(text) is None, f"{page.url} shows {RAW_STATE_WORDS.search(text)[0]!r}"


# -- the round as it closes ------------------------------------------------------------------------------------


def _closed_round_with_six_applications():
    round_ = RoundFactory(title="Verbinden in de wijk", ceiling=CEILING, allows_partial_grants=True)
    criteria = [
        CriterionFactory(round=round_, name="Ontmoeting", weight=2, maximum_score=10, position=1),
        CriterionFactory(round=round_, name="Bereik", weight=1, maximum_score=10, position=2),
    ]
    applications = {
        key: submitted_application(round=round_, title=f"Project {key}", requested_amount=amount)
        for key, (amount, _scores) in PLAN.items()
    }
    applications["F"] = submitted_application(
        round=round_, title="Project F", requested_amount=Decimal("9000")
    )
    assert len({a.organisation_id for a in applications.values()}) == 6
    return closed(round_), criteria, applications


def _open_round(page, round_):
    main_menu(page).get_by_role("link", name=_("Work queue")).click()
    page.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    page.get_by_role("link", name=str(round_)).click()


def _open_application(page, round_, application):
    _open_round(page, round_)
    page.get_by_role("link", name=application.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)


# -- completeness and eligibility --------------------------------------------------------------------------------


def _declare_eligible(desk, round_, applications):
    for application in applications:
        _open_application(desk, round_, application)
        desk.get_by_role("link", name=_("Mark eligible"), exact=True).click()
        desk.get_by_role("button", name=_("Yes, mark eligible")).click()
        _done(desk, _("Marked eligible. Now assign at least two assessors."))
        _no_raw_state_words(desk)
        application.refresh_from_db()
        assert application.state == State.ELIGIBLE


def _set_aside_after_an_expired_request(desk, smtp, round_, application):
    """The officer asks for a missing document; the term passes unanswered; the officer sets the application aside
    with reasons, confirmed on a page of its own: a decision (Awb 4:5) with its own letter, mailed to the applicant,
    that the round decision does not decide again."""
    _open_application(desk, round_, application)
    field(desk, _("What is missing")).fill("Een getekende verklaring van het bestuur ontbreekt.")
    desk.get_by_label(str(Part.ATTACHMENTS.label), exact=True).check()
    desk.get_by_role("button", name=_("Send the request")).click()
    request = InformationRequest.objects.get(application=application)
    deadline = date_format(request.deadline)
    _done(desk, _("Information requested; the deadline is %(date)s.") % {"date": deadline})

    # The applicant does not answer; the deadline (and any extension) lies in the past.
    yesterday = timezone.localdate() - timedelta(days=1)
    InformationRequest.objects.filter(pk=request.pk).update(deadline=yesterday)
    desk.reload()
    expect(desk.get_by_role("main")).to_contain_text(_("passed without an answer"))
    field(desk, _("Reasons for setting the application aside")).fill(
        "De verklaring van het bestuur is niet binnen de gestelde termijn ontvangen."
    )
    desk.get_by_role("button", name=_("Set the application aside")).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(application.reference)
    expect(desk.get_by_role("main")).to_contain_text("Een getekende verklaring van het bestuur ontbreekt.")
    desk.get_by_role("button", name=_("Yes, set the application aside")).click()
    _done(desk, _("The application is set aside; the decision letter is sent."))
    _no_raw_state_words(desk)
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.state == State.SET_ASIDE
    assert request.outcome == InformationRequest.Outcome.SET_ASIDE
    [decision] = application.decisions.all()
    assert decision.outcome == Decision.Outcome.SET_ASIDE and decision.granted_amount == 0
    letter = letter_of(decision)
    stored = letter.file.read()
    assert letter.kind == "set_aside" and hashlib.sha256(stored).hexdigest() == letter.sha256
    member = application.organisation.memberships.select_related("user").get().user
    mails = [m for m in _mails(smtp) if member.email in m["To"]]
    values = {"reference": application.reference}
    # After the receipt of the submission: the request when it was made, and the set-aside decision's letter.
    assert mails[-2]["Subject"] == _("Please complete your application %(reference)s") % values
    assert letter.title in mails[-1]["Subject"]
    [attachment] = [p for p in mails[-1].walk() if p.get_content_type() == "application/pdf"]
    assert attachment.get_payload(decode=True) == stored


# -- the assessment panel ------------------------------------------------------------------------------------------


def _assign_form(desk, application):
    select = desk.get_by_label(
        _("Assign an assessor to %(ref)s") % {"ref": application.reference}, exact=True
    )
    return select, desk.locator("form").filter(has=select)


def _assign(desk, application, assessor):
    select, form = _assign_form(desk, application)
    select.select_option(str(assessor.pk))
    form.get_by_role("button", name=_("Assign"), exact=True).click()
    _done(desk, _("Assessor assigned."))


def _one_more() -> str:
    return ngettext("needs %(counter)s more assessor", "needs %(counter)s more assessors", 1) % {"counter": 1}


def _open_panel(desk, round_):
    _open_round(desk, round_)
    desk.get_by_role("link", name=_("Assessment panel"), exact=True).click()


def _declare_conflict(new_page, assessor, application):
    page = new_page()
    log_in(page, assessor.username)
    main_menu(page).get_by_role("link", name=_("To score")).click()
    page.get_by_role("link", name=application.reference).click()
    field(page, _("Describe the conflict of interest")).fill("Ik zit in het bestuur van deze stichting.")
    page.get_by_role("button", name=_("Declare a conflict of interest")).click()
    _done(page, _("Thank you. The application goes to another assessor; you no longer see it."))
    expect(page.get_by_role("link", name=application.reference)).to_have_count(0)


def _panel_with_a_conflict_and_a_reassignment(new_page, desk, round_, applications, assessors):
    """Two assessors on every application; the second declares a conflict on B while nobody else is free (the
    case where the officer used to need the admin). A third assessor joins the panel (the application manager
    gives the role) and the officer gives B to them on the panel page, where the conflicted one is no choice."""
    first, second = assessors
    _open_panel(desk, round_)
    for key in RANKED:
        for assessor in (first, second):
            _assign(desk, applications[key], assessor)
    main = desk.get_by_role("main")
    expect(main).not_to_contain_text(_one_more())

    conflicted = applications["B"]
    _declare_conflict(new_page, second, conflicted)

    desk.reload()
    entry = desk.get_by_role("listitem").filter(has_text=second.username)
    expect(entry.filter(has_text=_("conflict of interest declared"))).to_have_count(1)
    expect(entry.filter(has_text=_("conflict of interest declared"))).to_contain_text("bestuur")
    assessor_row = desk.get_by_role("row").filter(has=desk.get_by_role("rowheader", name=second.username))
    expect(assessor_row.get_by_role("cell").last).to_have_text("1")  # conflicts declared
    expect(main).to_contain_text(_one_more())
    expect(main).to_contain_text(
        _(
            "No assessor is free for this application: every assessor is assigned or declared a conflict of "
            "interest."
        )
    )
    assert_accessible(desk)

    third = UserFactory(username="beoordelaar-ronde3", roles=["beoordelaar"])
    desk.reload()
    select, _form = _assign_form(desk, conflicted)
    # Only the third assessor can be chosen: the first is assigned, the second declared a conflict.
    expect(select.locator("option")).to_have_count(1)
    expect(select.locator("option")).to_contain_text(third.username)
    _assign(desk, conflicted, third)
    expect(main).not_to_contain_text(_one_more())
    _no_raw_state_words(desk)
    assert set(
        conflicted.assessments.filter(has_conflict=False).values_list("assessor__username", flat=True)
    ) == {first.username, third.username}
    return third


def _score(new_page, assessor, criteria, todo):
    """The assessor scores each application of `todo` ({application: (score, score)}) through the form."""
    page = new_page()
    log_in(page, assessor.username)
    for application, scores in todo.items():
        main_menu(page).get_by_role("link", name=_("To score")).click()
        page.get_by_role("link", name=application.reference).click()
        for criterion, score in zip(criteria, scores, strict=True):
            name, maximum = criterion.name, criterion.maximum_score
            field(page, _("Score for %(name)s (0–%(max)s)") % {"name": name, "max": maximum}).fill(str(score))
            field(page, _("Motivation for %(name)s") % {"name": name}).fill(
                f"{name}: onderbouwd met het plan van {application.organisation.name}."
            )
        page.get_by_role("button", name=_("Submit the assessment")).click()
        _done(page, _("Assessment submitted."))


def _all_assess(new_page, criteria, applications, assessors):
    first, second, third = assessors
    _score(new_page, first, criteria, {applications[k]: PLAN[k][1][0] for k in RANKED})
    _score(new_page, second, criteria, {applications[k]: PLAN[k][1][1] for k in RANKED if k != "B"})
    _score(new_page, third, criteria, {applications["B"]: PLAN["B"][1][1]})
    for key in RANKED:
        applications[key].refresh_from_db()
        assert applications[key].state == State.ASSESSED, key


def _agree_on_the_flagged_criterion(desk, round_, application, criterion):
    _open_application(desk, round_, application)
    main = desk.get_by_role("main")
    expect(main).to_contain_text(
        _("Consensus talk needed: the scores differ by %(spread)s points.") % {"spread": 6}
    )
    expect(main).to_contain_text(_("Total in the ranking") + ": " + localize(Decimal("19.00")))
    field(desk, _("Criterion")).select_option(label=criterion.name)
    field(desk, _("Agreed score")).fill("8")
    field(desk, _("Reason")).fill(
        "Na het consensusgesprek: de ontmoeting is goed uitgewerkt, met vaste avonden."
    )
    desk.get_by_role("button", name=_("Record the agreed score")).click()
    _done(desk, _("The agreed score is recorded; the ranking uses it."))
    expect(main).to_contain_text(_("Total in the ranking") + ": " + localize(Decimal("23.00")))
    expect(desk.get_by_role("row").filter(has_text=_("Agreed by the panel"))).to_contain_text("8")
    _no_raw_state_words(desk)


# -- ranking and the round decision ------------------------------------------------------------------------------


# What the ranking allocates, best first: A, B and C in full, D in part where the ceiling falls, E nothing.
ALLOCATED = {"A": "10000", "B": "8000", "C": "12000", "D": "5000", "E": "0"}
OUTCOMES = {"D": Decision.Outcome.PARTIALLY_GRANTED, "E": Decision.Outcome.REJECTED}


def _funding(key):
    if key == "D":
        return _("in part: %(amount)s") % {"amount": euro(Decimal(ALLOCATED["D"]))}
    return _("no: ceiling reached") if key == "E" else _("in full")


def _cells(row) -> list[str]:
    return [text.strip() for text in row.get_by_role("cell").all_inner_texts()]


def _within_the_ceiling(cells: list[str]) -> str:
    """The amount a ranking row allocates, as the page writes it: the requested amount, a part, or nothing."""
    requested, funding = cells[4], cells[5]
    in_part = _("in part: %(amount)s") % {"amount": ""}
    if funding == _("in full"):
        return requested
    return funding.removeprefix(in_part) if funding.startswith(in_part) else euro(Decimal("0"))


def _ranking_shows_the_ceiling_line_above_position_5(
    desk, round_, applications
) -> list[tuple[str, str, str]]:
    """The ranking page: the order, the funding of each and the ceiling line between D and E. Returns what it
    showed per row: (position, reference, the amount within the ceiling)."""
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=_("Ranking of round %(n)s") % {"n": round_.number}).click()
    expect(desk.get_by_role("main")).to_contain_text(
        _("above position %(position)s, on page %(page)s") % {"position": 5, "page": 1}
    )
    table = desk.get_by_role("table", name=_("Ranked applications and the ceiling line"))
    rows = table.locator("tbody").get_by_role("row")
    line = _("— Ceiling reached: applications below this line cannot be funded —")
    expected = [applications[k].reference for k in RANKED[:4]] + [line, applications["E"].reference]
    expect(rows).to_have_count(len(expected))
    for n, text in enumerate(expected):
        expect(rows.nth(n)).to_contain_text(text)
    shown = []
    for position, key in enumerate(RANKED, start=1):
        row = rows.filter(has_text=applications[key].reference)
        expect(row.get_by_role("cell").first).to_have_text(str(position))
        expect(row).to_contain_text(_funding(key))
        cells = _cells(row)  # position, application, organisation, total, requested, within the ceiling
        shown.append((cells[0], applications[key].reference, _within_the_ceiling(cells)))
    _no_raw_state_words(desk)
    return shown


def _round_decision_takes_what_the_ranking_showed(desk, round_, applications, shown):
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=_("Decide round %(n)s") % {"n": round_.number}).click()
    table = desk.get_by_role("table", name=_("Proposed decisions, in ranking order"))
    rows = table.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(len(RANKED))
    proposed = []
    for n, key in enumerate(RANKED):
        cells = _cells(rows.nth(n))  # position, application, total, requested, outcome, amount, reasons
        proposed.append((cells[0], cells[1].split()[0], cells[5]))
        label = str(OUTCOMES.get(key, Decision.Outcome.GRANTED).label)
        assert cells[4] == label[:1].upper() + label[1:]
    assert proposed == shown  # the same order, the same amounts, the same place of the ceiling
    refusal = _("Ranked %(pos)s; the subsidy ceiling of the round has been reached (Awb 4:25(2)).") % {
        "pos": 5
    }
    expect(rows.nth(4)).to_contain_text(refusal)
    assert "subsidieplafond" in refusal and "bereikt" in refusal  # the Dutch reason the letter carries
    main = desk.get_by_role("main")
    expect(main).to_contain_text(euro(CEILING))
    left = main.locator(".utrecht-data-list__item").filter(has_text=_("Left after these decisions"))
    expect(left).to_contain_text(euro(Decimal("0")))
    # The set-aside application was decided on its own (Awb 4:5): the round decision does not decide it again.
    # (It is listed among the decisions taken.)
    expect(rows.filter(has_text=applications["F"].reference)).to_have_count(0)
    _no_raw_state_words(desk)
    assert_accessible(desk)

    desk.get_by_role("button", name=_("Confirm these decisions")).click()
    # Five letters are rendered and mailed before the answer comes: wait longer than for a page.
    _done(desk, _("%(count)s decisions taken.") % {"count": len(RANKED)}, timeout=60_000)
    _no_raw_state_words(desk)

    ranked = [applications[k].pk for k in RANKED]
    decisions = list(Decision.objects.filter(application__in=ranked).order_by("decided_at", "pk"))
    assert [d.application_id for d in decisions] == ranked
    assert [d.granted_amount for d in decisions] == [Decimal(ALLOCATED[k]) for k in RANKED]
    assert [d.outcome for d in decisions] == [OUTCOMES.get(k, Decision.Outcome.GRANTED) for k in RANKED]
    assert sum(d.granted_amount for d in decisions) <= CEILING
    assert ledger.remaining(round_) == Decimal("0")
    return decisions


# -- letters (issue 19) ---------------------------------------------------------------------------------------------


def _every_decision_has_one_letter_mailed_and_listed(new_page, smtp, decisions):
    """One stored letter per decision, mailed once with its stored bytes, and listed with its sent date in the
    portal of the organisation's member."""
    letters = {
        letter.subject_id: letter
        for letter in Letter.objects.filter(organisation__in=[d.application.organisation for d in decisions])
    }
    assert set(letters) == {d.pk for d in decisions}  # one letter per decision, no more
    attachments = [
        (part.get_filename(), part.get_payload(decode=True))
        for message in _mails(smtp)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]
    for decision in decisions:
        letter = letters[decision.pk]
        letter.refresh_from_db()
        assert letter.sent_at is not None
        stored = letter.file.read()
        assert letter.sha256 == hashlib.sha256(stored).hexdigest()
        assert [pdf for name, pdf in attachments if name == letter.filename] == [
            stored
        ]  # mailed once, as stored
        assert (
            letter.kind
            == {
                Decision.Outcome.GRANTED: "grant",
                Decision.Outcome.PARTIALLY_GRANTED: "partial_grant",
                Decision.Outcome.REJECTED: "refusal_ceiling",
            }[decision.outcome]
        )

        member = decision.application.organisation.memberships.select_related("user").first().user
        portal = new_page()
        log_in(portal, member.username)
        portal.goto("/portaal/")
        portal.get_by_role("link", name=_("Letters from the municipality")).click()
        row = portal.get_by_role("row").filter(has_text=letter.reference)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(date_format(timezone.localtime(letter.sent_at), "DATETIME_FORMAT"))
        if decision == decisions[0]:
            assert_accessible(portal)
        _no_raw_state_words(portal)
        portal.goto("/portaal/")
        _no_raw_state_words(portal)
        portal.context.close()


# -- payments (issue 19) --------------------------------------------------------------------------------------------


def _pay_advance(desk, round_, application):
    _open_application(desk, round_, application)
    _no_raw_state_words(desk)  # the decision, its letter and its delivery, as the officer sees them
    desk.get_by_role("link", name=_("Order the advance")).click()
    advance = application.requested_amount * Decimal("0.8")
    desk.get_by_role("button", name=_("Yes, order %(amount)s") % {"amount": euro(advance)}).click()
    _done(
        desk,
        _("Advance of %(amount)s ordered: it leaves in the next payment batch.") % {"amount": euro(advance)},
    )


def _open_batches(page):
    main_menu(page).get_by_role("link", name=_("Work queue")).click()
    page.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    page.get_by_role("link", name=_("Payment batches"), exact=True).click()


def _three_advances_in_one_approved_batch(new_page, desk, round_, granted, approver):
    for application in granted:
        _pay_advance(desk, round_, application)
    _open_batches(desk)
    for application in granted:
        desk.get_by_label(re.compile(re.escape(application.reference))).check()
    desk.get_by_role("button", name=_("Prepare the batch")).click()
    _done(desk, _("The batch is prepared. A second officer approves it."))
    batch = PaymentBatch.objects.get()

    # Four eyes: the officer who prepared it cannot approve it.
    desk.get_by_role("button", name=_("Approve and send to finance")).click()
    _done(desk, _("You prepared this batch; a second officer approves it."))
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.PREPARED

    page = new_page()
    log_in(page, approver.username)
    _open_batches(page)
    prepared_on = date_format(timezone.localtime(batch.prepared_at))
    page.get_by_role(
        "link", name=_("Batch %(number)s of %(date)s") % {"number": batch.pk, "date": prepared_on}
    ).click()
    page.get_by_role("button", name=_("Approve and send to finance")).click()
    _done(page, _("Approved. The payments are sent to finance; download the SEPA file."))
    assert_accessible(page)
    _no_raw_state_words(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=_("Download the SEPA file (pain.001.001.03)")).click()
    xml = Path(download.value.path()).read_text(encoding="utf-8")
    xmlschema.XMLSchema(XSD).validate(xml)
    payments = list(batch.payments.order_by("pk"))
    assert sorted(p.application_id for p in payments) == sorted(a.pk for a in granted)
    for payment in payments:
        assert payment.end_to_end_id in xml and payment.creditor_iban in xml
        assert f"{payment.amount:.2f}" in xml
    assert f"{sum(p.amount for p in payments):.2f}" in xml


def test_a_tender_round_goes_from_closing_through_panel_and_round_decision_to_letters_and_a_payment_batch(
    new_page, roles, smtp, settings
):
    settings.CONSENSUS_SPREAD = SPREAD
    round_, criteria, applications = _closed_round_with_six_applications()
    officer = UserFactory(username="beleid-ronde", roles=["beleidsmedewerker"])
    second_officer = UserFactory(username="beleid-tweede", roles=["beleidsmedewerker"])
    assessors = [UserFactory(username=f"beoordelaar-ronde{n}", roles=["beoordelaar"]) for n in (1, 2)]

    desk = new_page()
    log_in(desk, officer.username)
    _declare_eligible(desk, round_, [applications[k] for k in RANKED])
    _set_aside_after_an_expired_request(desk, smtp, round_, applications["F"])
    third = _panel_with_a_conflict_and_a_reassignment(new_page, desk, round_, applications, assessors)
    _all_assess(new_page, criteria, applications, [*assessors, third])
    _agree_on_the_flagged_criterion(desk, round_, applications["C"], criteria[0])
    shown = _ranking_shows_the_ceiling_line_above_position_5(desk, round_, applications)
    decisions = _round_decision_takes_what_the_ranking_showed(desk, round_, applications, shown)
    for application in applications.values():
        application.refresh_from_db()
    assert all(a.state != State.INFORMATION_REQUESTED for a in applications.values())

    _every_decision_has_one_letter_mailed_and_listed(new_page, smtp, decisions)
    granted = [applications[k] for k in ("A", "B", "C")]
    _three_advances_in_one_approved_batch(new_page, desk, round_, granted, second_officer)
    # Approved and sent to finance, not yet paid: the advances are ordered, not paid.
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in granted]).values_list("state", flat=True)
    ) == {State.ADVANCE_ORDERED}
