"""After the decision: an objection, its hearing and a well-founded decision within the objection reserve, then a
settlement below the advance with its reclaim recorded as paid, through the staff and applicant pages (the "Done
when" of issue 19, continuing the tender round journey).

A grant in part of €10,000 on €15,000 asked is set up with factories and the decision service; the round's ceiling
is used up and it has an objection reserve of €5,000. From there the officer works on the pages: registers the
objection within its term, plans the hearing, records its minutes once it took place (the test moves it into the
past, as time would), and decides the objection well-founded with €15,000, which the reserve pays. The advance of
80% then goes out through a payment batch and the report comes in (services, as the round journey covers those
pages). The officer settles at €11,000 on the application's page, which reclaims €1,000, and records it as paid
on the reclaims page; only then does the ledger book it. Every letter is stored once as a tagged Dutch PDF, mailed
over a real SMTP server with its stored bytes, and listed with its sent date in the applicant's portal.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from letters.models import Letter
from maastricht_inclusie.money import euro
from tenders import ledger, services
from tenders.letters import letter_of
from tenders.models import BudgetEntry, Decision, Hearing, Objection, Reclaim
from tests.browser.conftest import assert_accessible, field, log_in, main_menu
from tests.browser.test_tender_round_journey import (
    _done,
    _mails,
    _no_raw_state_words,
    _open_application,
)
from tests.factories import RoundFactory, UserFactory, assessed_application, closed, paid_out
from tests.pdf_text import pdf_text
from tests.tenders.test_letters import _tagged as tagged

pytestmark = pytest.mark.django_db(transaction=True)


ASKED, GRANTED, RESERVE = Decimal("15000"), Decimal("10000"), Decimal("5000")
ADVANCE, SETTLED = Decimal("12000"), Decimal("11000")  # 80% of €15,000; a settlement €1,000 below it
KINDS = [
    "partial_grant",
    "objection_acknowledgement",
    "hearing_invitation",
    "objection_well_founded",
    "settlement",
    "reclaim",
]


def _granted_in_part(officer):
    """A grant of €10,000 on €15,000 asked, taking the whole ceiling of a round with an objection reserve."""
    round_ = RoundFactory(
        title="Samen in de buurt", ceiling=GRANTED, objection_reserve=RESERVE, allocation_method="first_come",
        allows_partial_grants=True, advance_percentage=80,
    )  # fmt: skip
    application = assessed_application(round=round_, title="Buurtkamer", requested_amount=ASKED)
    closed(round_)
    decision = services.decide(
        application=application, outcome=Decision.Outcome.PARTIALLY_GRANTED, amount=GRANTED,
        reasons="De begroting voor de huur is te hoog.", by=officer,
    )  # fmt: skip
    assert ledger.remaining(round_) == Decimal("0")
    return round_, application, decision


def _register_the_objection(desk, round_, application):
    _open_application(desk, round_, application)
    field(desk, _("Received on")).fill(timezone.localdate().isoformat())
    field(desk, _("Grounds")).fill("De huur van de buurtkamer is nodig om de avonden te houden.")
    desk.get_by_role("button", name=_("Register"), exact=True).click()
    _done(desk, _("Objection registered."))
    objection = Objection.objects.get()
    assert objection.status == Objection.Status.PENDING and not objection.is_late
    _no_raw_state_words(desk)
    desk.get_by_role("link", name=_("hearing, term and decision")).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(application.reference)
    return objection


def _hear_and_decide_well_founded(desk, objection):
    """The hearing planned (invitation mailed), minuted after it took place, and the objection decided
    well-founded with the amount asked, which the round's objection reserve pays (Awb 4:25(3))."""
    starts = timezone.localtime() + timedelta(days=3)
    field(desk, _("Date and time")).fill(starts.strftime("%Y-%m-%dT10:00"))
    field(desk, _("Place")).fill("Stadhuis Maastricht, kamer 2.14")
    field(desk, _("Attendees invited")).fill("De bezwaarmaker, de beleidsmedewerker")
    desk.get_by_label(
        _("I confirm: the invitation letter is issued and mailed now; this cannot be undone.")
    ).check()
    desk.get_by_role("button", name=_("Plan and send the invitation")).click()
    _done(desk, _("The hearing is planned; the invitation is sent."))
    expect(desk.get_by_role("button", name=_("Take the decision on objection"))).to_have_count(0)

    # The hearing took place: two hours ago.
    Hearing.objects.filter(objection=objection).update(starts_at=timezone.now() - timedelta(hours=2))
    desk.reload()
    field(desk, _("Minutes of the hearing (Awb 7:7)")).fill(
        "De bezwaarmaker licht toe dat zonder de huur geen vaste avonden mogelijk zijn."
    )
    field(desk, _("Who attended")).fill("De bezwaarmaker, de beleidsmedewerker")
    desk.get_by_label(_("I confirm: this is recorded for good.")).check()
    desk.get_by_role("button", name=_("Record the minutes")).click()
    _done(desk, _("The minutes of the hearing are recorded."))

    field(desk, _("Decision on the objection")).select_option(label=_("well-founded: grant more"))
    field(desk, _("New granted amount in euros")).fill("15.000,00")
    field(desk, _("Reasons (Awb 7:12)")).fill("De huur is noodzakelijk voor het project; de begroting klopt.")
    desk.get_by_label(
        _("I confirm: the decision on objection is taken and its letter issued and mailed now.")
    ).check()
    desk.get_by_role("button", name=_("Take the decision on objection")).click()
    _done(desk, _("The objection is decided; the letter is sent."))
    _no_raw_state_words(desk)
    assert_accessible(desk)

    objection.refresh_from_db()
    [on_objection] = objection.decisions.all()
    assert (on_objection.outcome, on_objection.granted_amount) == (Decision.Outcome.GRANTED, ASKED)
    letter = letter_of(on_objection)
    assert letter.kind == "objection_well_founded"
    text = pdf_text(letter.file.read())
    # The appeal clause (Awb 8:1); no objection against a decision on objection (Awb 7:1).
    assert "Rechtbank Limburg" in text and "beroep instellen" in text
    assert "bezwaar maken bij het college" not in text and "bezwaarschrift" not in text
    return on_objection


def _the_budget_overview_shows_the_reserve_used(desk, round_):
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=_("Budget overview of %(name)s") % {"name": round_.programme.name}).click()
    row = desk.get_by_role("row").filter(has_text=round_.title)
    expect(row).to_contain_text(_("used: %(amount)s") % {"amount": euro(RESERVE)})
    assert ledger.reserve_left(round_) == Decimal("0") and ledger.remaining(round_) == Decimal("0")


def _advance_paid_and_report_in(application, officer):
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    services.submit_report(application=application, by=officer, activities="Gedaan", reach=40, costs=None)
    assert ledger.paid_for(application) == ADVANCE


def _settle_below_the_advance(desk, round_, application):
    _open_application(desk, round_, application)
    field(desk, _("Final amount in euros")).fill("11.000,00")
    field(desk, _("Note")).fill("Minder avonden gehouden dan gepland.")
    desk.get_by_role("button", name=_("Settle"), exact=True).click()
    _done(desk, _("Settled."))
    _no_raw_state_words(desk)
    reclaim = Reclaim.objects.get()
    assert (reclaim.amount, reclaim.status) == (ADVANCE - SETTLED, Reclaim.Status.OPEN)
    # Nothing came back yet: the ledger books the reclaim only when the money is received.
    assert not BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).exists()
    assert ledger.paid_for(application) == ADVANCE
    return reclaim


def _the_portal_shows_the_money(portal, application, *, paid, owed):
    portal.goto("/portaal/")
    portal.get_by_role("link", name=f"{application.reference}: {application.title}").click()
    table = portal.get_by_role("table", name=_("The money of this application"))
    for label, amount in [
        (_("Granted"), ASKED), (_("Paid to you"), paid), (_("Settled"), SETTLED),
        (_("Still to be paid to you"), Decimal("0")), (_("Still owed by you"), owed),
    ]:  # fmt: skip
        expect(table.get_by_role("row", name=label, exact=False).first).to_contain_text(euro(amount))
    _no_raw_state_words(portal)


def _record_the_reclaim_paid(desk, application, reclaim):
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    waiting = ngettext(
        "%(counter)s reclaim waits for its money.", "%(counter)s reclaims wait for their money.", 1
    ) % {"counter": 1}
    desk.get_by_role("link", name=waiting).click()
    assert desk.url.endswith("/medewerkers/terugvorderingen/")
    row = desk.get_by_role("row").filter(has_text=application.reference)
    expect(row).to_contain_text(reclaim.payment_reference)
    assert_accessible(desk)
    row.get_by_role("link", name=_("Record as paid")).click()
    desk.get_by_role("button", name=_("Yes, record as paid")).click()
    _done(desk, _("%(amount)s received back and booked.") % {"amount": euro(reclaim.amount)})
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.PAID
    [booked] = BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM)
    assert booked.amount == reclaim.amount
    assert ledger.paid_for(application) == SETTLED


def _every_letter_stored_tagged_mailed_and_listed(portal, smtp, organisation):
    letters = list(Letter.objects.filter(organisation=organisation))
    assert sorted(letter.kind for letter in letters) == sorted(KINDS)  # one of each, no more
    attachments = [
        (part.get_filename(), part.get_payload(decode=True))
        for message in _mails(smtp)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]
    portal.goto("/portaal/")
    portal.get_by_role("link", name=_("Letters from the municipality")).click()
    assert_accessible(portal)
    for letter in letters:
        stored = letter.file.read()
        assert letter.sha256 == hashlib.sha256(stored).hexdigest(), letter.kind
        assert letter.sent_at is not None, letter.kind
        # Mailed once, as stored.
        assert [pdf for name, pdf in attachments if name == letter.filename] == [stored], letter.kind
        info = tagged(stored)
        assert info["lang"] == "nl-NL" and info["marked"] and info["structure"], letter.kind
        assert info["title"] == letter.title and letter.title, letter.kind
        shown = letter.title.replace(letter.reference, "").replace(": ", "")
        row = portal.get_by_role("row").filter(has=portal.get_by_role("link", name=shown))
        expect(row).to_have_count(1)
        expect(row).to_contain_text(date_format(timezone.localtime(letter.sent_at), "DATETIME_FORMAT"))


def test_an_objection_is_heard_and_upheld_within_the_reserve_and_a_settlement_reclaims_what_is_later_paid(
    new_page, smtp
):
    officer = UserFactory(username="beleid-bezwaar", roles=["beleidsmedewerker"])
    round_, application, _decision = _granted_in_part(officer)
    organisation = application.organisation
    member = organisation.memberships.select_related("user").get().user

    desk = new_page()
    log_in(desk, officer.username)
    objection = _register_the_objection(desk, round_, application)
    _hear_and_decide_well_founded(desk, objection)
    _the_budget_overview_shows_the_reserve_used(desk, round_)

    _advance_paid_and_report_in(application, officer)
    reclaim = _settle_below_the_advance(desk, round_, application)

    portal = new_page()
    log_in(portal, member.username)
    _the_portal_shows_the_money(portal, application, paid=ADVANCE, owed=reclaim.amount)
    _record_the_reclaim_paid(desk, application, reclaim)
    _the_portal_shows_the_money(portal, application, paid=SETTLED, owed=Decimal("0"))
    expect(portal.get_by_role("main")).to_contain_text(
        _("You paid %(amount)s back on %(date)s.")
        % {"amount": euro(reclaim.amount), "date": date_format(timezone.localdate())}
    )

    _every_letter_stored_tagged_mailed_and_listed(portal, smtp, organisation)
