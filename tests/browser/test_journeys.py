"""The main journeys through the real pages in a real browser, one role at a time.

Earlier steps are prepared with the services and factories where a journey is about a later role;
every role's own key step goes through the browser. Button and link names come from the message
catalogue (the tests run in Dutch, the default), so a changed translation does not break them.
On the way, axe-core checks the pages in states that the demo data does not show (an editable
draft, an application waiting for the officer, an open assessment, a round waiting for decisions).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from initiatives.models import Organisation
from initiatives.services import verify_organisation
from keypersons.models import ContactMoment, Signal, TemperatureReading
from maastricht_inclusie.money import euro
from tenders import services
from tenders.models import Application, Decision, State
from tests.browser.conftest import assert_accessible, field, log_in, main_menu
from tests.factories import (
    CriterionFactory,
    NeighbourhoodFactory,
    RoundFactory,
    TargetGroupFactory,
    ThemeFactory,
    TopicFactory,
    UserFactory,
    assessed_application,
    closed,
    consented,
    submitted_application,
)

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _done(page, text: str):
    """The success message the portal shows after a step."""
    expect(page.get_by_role("status")).to_contain_text(text)


def test_an_organisation_registers_and_its_member_submits_an_application(page, roles):
    round_ = RoundFactory(title="Ontmoeten in de wijk")
    theme, neighbourhood, group = ThemeFactory(), NeighbourhoodFactory(), TargetGroupFactory()
    starts_on = timezone.localdate() + timedelta(days=60)

    page.goto("/")
    main_menu(page).get_by_role("link", name=_("Register your organisation")).click()
    field(page, _("Your name")).fill("Fatima")
    field(page, _("Your e-mail address")).fill("fatima@example.org")
    field(page, _("User name")).fill("fatima")
    field(page, _("Password")).fill("Ontmoeten-in-de-Wijk-26")
    field(page, _("Password again")).fill("Ontmoeten-in-de-Wijk-26")
    field(page, _("name")).fill("Buurtvereniging De Brug")
    field(page, _("kind")).select_option("association")
    field(page, _("description")).fill("Verbindt oude en nieuwe bewoners.")
    page.get_by_role("button", name=_("Send the registration")).click()

    thanks = (
        "Thank you. The municipality checks your registration; you will get an e-mail when it is approved."
    )
    _done(page, _(thanks))
    organisation = Organisation.objects.get(name="Buurtvereniging De Brug")
    assert organisation.status == Organisation.Status.REQUESTED
    # A policy officer approves the registration in the admin; that is not this journey.
    verify_organisation(organisation=organisation, by=UserFactory(roles=["beleidsmedewerker"]))

    # The new member, still logged in, finds the open round and starts a draft.
    page.reload()
    page.get_by_role("link", name=_("See the open rounds and apply")).click()
    page.get_by_role("region", name=round_.title).get_by_role("link", name=_("Start an application")).click()
    expect(field(page, _("For organisation"))).to_have_value(str(organisation.pk))
    field(page, _("Project title")).fill("Koffie in De Brug")
    page.get_by_role("button", name=_("Start"), exact=True).click()
    _done(page, _("Your draft is saved. You can come back to it at any time."))
    assert_accessible(page)

    field(page, _("summary")).fill("Wekelijkse koffieochtend voor oude en nieuwe bewoners.")
    field(page, _("plan")).fill("Veertig ochtenden in het buurthuis, met tolken.")
    page.get_by_label(theme.name, exact=True).check()
    page.get_by_label(neighbourhood.name, exact=True).check()
    page.get_by_label(group.name, exact=True).check()
    field(page, _("expected reach (people)")).fill("120")
    field(page, _("planned start")).fill(starts_on.isoformat())
    field(page, _("planned end")).fill((starts_on + timedelta(days=120)).isoformat())
    field(page, _("requested amount")).fill("6000")
    for n, (item, amount) in enumerate([("Zaalhuur", "4.000"), ("Tolken", "2000,00")], start=1):
        page.get_by_label(_("Cost item %(number)s") % {"number": n}, exact=True).fill(item)
        page.get_by_label(_("Amount of cost item %(number)s") % {"number": n}, exact=True).fill(amount)
    page.get_by_role("button", name=_("Save draft")).click()
    _done(page, _("Saved."))

    steps = page.get_by_role("navigation", name=_("Steps of the application"))
    steps.get_by_role("link", name=_("Documents")).click()
    field(page, _("Kind of document")).select_option("plan")
    field(page, _("File")).set_input_files(
        files=[{"name": "projectplan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name=_("Upload")).click()
    _done(page, _("The document is added."))
    assert_accessible(page)
    expect(page.get_by_role("link", name="projectplan.pdf", exact=True)).to_be_visible()

    steps.get_by_role("link", name=_("Check and submit")).click()
    expect(page.get_by_role("heading", name=_("Still missing"))).to_have_count(0)
    expect(page.get_by_role("cell", name=euro(Decimal("6000")))).to_have_count(
        2
    )  # the total and the amount asked
    assert_accessible(page)
    page.get_by_label(
        _("I declare that I have filled in this application completely and truthfully.")
    ).check()
    page.get_by_role("button", name=_("Submit the application")).click()
    expect(page).to_have_url(re.compile(r"/portaal/aanvragen/\d+/$"))

    application = Application.objects.get(title="Koffie in De Brug")
    assert application.state == State.SUBMITTED and application.reference
    _done(page, application.reference)
    assert application.requested_amount == Decimal("6000.00")
    assert [line.description for line in application.budget_lines.order_by("pk")] == ["Zaalhuur", "Tolken"]
    assert application.attachments.get().original_name == "projectplan.pdf"


def test_an_officer_and_two_assessors_take_an_application_to_a_decision(new_page, roles):
    round_ = RoundFactory(title="Samen sterk")
    criterion = CriterionFactory(round=round_, name="Ontmoeting", maximum_score=10)
    application = submitted_application(round=round_, title="Samen koken")
    officer = UserFactory(username="beleid-journey", roles=["beleidsmedewerker"])
    assessors = [UserFactory(username=f"beoordelaar-journey{n}", roles=["beoordelaar"]) for n in (1, 2)]

    # The officer finds the application in the round, marks it eligible and assigns two assessors.
    desk = new_page()
    log_in(desk, officer.username)
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=str(round_)).click()
    desk.get_by_role("link", name=application.reference).click()
    assert_accessible(desk)
    desk.get_by_role("link", name=_("Mark eligible"), exact=True).click()
    assert_accessible(desk)
    desk.get_by_role("button", name=_("Yes, mark eligible")).click()
    _done(desk, _("Marked eligible. Now assign at least two assessors."))
    for assessor in assessors:
        field(desk, _("Assessor")).select_option(label=assessor.username)
        desk.get_by_role("button", name=_("Assign"), exact=True).click()
        _done(desk, _("Assessor assigned."))

    # Each assessor scores the criterion, with a motivation, and submits.
    for assessor, score in zip(assessors, (8, 6), strict=True):
        page = new_page()
        log_in(page, assessor.username)
        main_menu(page).get_by_role("link", name=_("To score")).click()
        page.get_by_role("link", name=application.reference).click()
        assert_accessible(page)
        name, maximum = criterion.name, criterion.maximum_score
        field(page, _("Score for %(name)s (0–%(max)s)") % {"name": name, "max": maximum}).fill(str(score))
        field(page, _("Motivation for %(name)s") % {"name": name}).fill("Duidelijk plan, goede doelgroep.")
        page.get_by_role("button", name=_("Submit the assessment")).click()
        _done(page, _("Assessment submitted."))

    application.refresh_from_db()
    assert application.state == State.ASSESSED

    # The round closes; the officer opens the ranking: first place, within the ceiling; then decides the round.
    closed(round_)
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=_("Ranking of round %(n)s") % {"n": round_.number}).click()
    row = desk.get_by_role("row").filter(has_text=application.reference)
    expect(row.get_by_role("cell").first).to_have_text("1")
    expect(row).to_contain_text(_("in full"))
    main_menu(desk).get_by_role("link", name=_("Work queue")).click()
    desk.get_by_role("main").get_by_role("link", name=_("Tender rounds")).click()
    desk.get_by_role("link", name=_("Decide round %(n)s") % {"n": round_.number}).click()
    expect(desk.get_by_role("row").filter(has_text=application.reference)).to_contain_text(
        euro(application.requested_amount)
    )
    assert_accessible(desk)
    desk.get_by_role("button", name=_("Confirm these decisions")).click()
    _done(desk, _("%(count)s decisions taken.") % {"count": 1})

    decision = Decision.objects.get(application=application)
    assert decision.outcome == Decision.Outcome.GRANTED
    assert decision.granted_amount == application.requested_amount
    assert decision.decided_by == officer


def test_the_public_register_shows_a_granted_subsidy(page, roles):
    application = assessed_application(title="Buurtmaaltijden")
    services.decide_round(round_=closed(application.round), by=UserFactory(roles=["beleidsmedewerker"]))

    page.goto("/")
    main_menu(page).get_by_role("link", name=_("Progress")).click()
    page.get_by_role("link", name=_("The register of granted subsidies")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(_("Register of granted subsidies"))
    row = page.get_by_role("row").filter(has_text="Buurtmaaltijden")
    expect(row).to_contain_text(application.organisation.name)
    expect(row).to_contain_text(application.round.title)
    expect(row).to_contain_text(euro(application.requested_amount))


def test_the_director_logs_a_contact_with_a_signal(page, roles):
    director = UserFactory(username="regisseur-journey", roles=["regisseur"])
    person = consented(name="Sleutelpersoon Amina")
    topic = TopicFactory(name="Polarisatie")
    neighbourhood = NeighbourhoodFactory(name="Malberg")

    log_in(page, director.username)
    main_menu(page).get_by_role("link", name=_("Key-person network")).click()
    page.get_by_role("main").get_by_role("link", name=_("Log a contact")).first.click()

    # At hundreds of key persons the form lists no one until searched: search, then choose (works without JS).
    page.get_by_label(_("Search key persons by name")).fill("Amina")
    page.get_by_role("search").get_by_role("button", name=_("Search")).click()
    field(page, _("Date of the contact")).fill(timezone.localdate().isoformat())
    page.get_by_label(person.name, exact=True).check()
    field(page, _("Channel")).select_option("in_person")
    # Each reading row and the signal have a field labelled "neighbourhood": by id, the first row.
    page.locator("#id_reading-0-neighbourhood").select_option(label=neighbourhood.name)
    page.locator("#id_reading-0-level").fill("4")
    page.get_by_label(_("I heard a signal of tension (fill in below)")).check()
    page.locator("#id_signal-neighbourhood").select_option(label=neighbourhood.name)
    page.locator("#id_signal-theme").select_option(label=topic.name)
    page.locator("#id_signal-severity").select_option("3")
    page.locator("#id_signal-description").fill("Spanning rond het plein na een ruzie tussen jongeren.")
    assert_accessible(page)
    page.get_by_role("button", name=_("Save contact")).click()

    _done(page, _("Contact moment logged."))
    expect(page.get_by_role("main").get_by_role("link", name=person.name)).to_be_visible()
    moment = ContactMoment.objects.get()
    assert list(moment.key_persons.all()) == [person] and moment.staff_member == director
    assert TemperatureReading.objects.get().level == 4
    signal = Signal.objects.get()
    assert (signal.neighbourhood, signal.theme, signal.severity) == (neighbourhood, topic, 3)

    page.get_by_role("link", name=_("Signals"), exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Malberg")
