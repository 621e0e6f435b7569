"""Letter texts a policy officer edits: checked for the mandatory parts, versioned, used from the next letter on."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from letters import services as letters
from letters.models import LetterTemplate
from tenders import services
from tenders.letters import letter_of
from tests.factories import assessed_application, closed
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # The letters' PDFs go to a folder of the test's own, not the checkout's private-media/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path


GRANT_TEXT = """## Besluit

Wij verlenen {{ organisation }} een subsidie van {{ granted_amount }} voor {{ application_title }}.

## Motivering

{{ reasons }}

{{ amounts }}

{{ legal_basis }}

{{ remedy }}"""


def grant(officer, amount=Decimal("10000")):
    application = assessed_application(requested_amount=amount)
    closed(application.round)  # a tender round is decided after it closes
    return services.decide(application=application, outcome="granted", amount=amount,
                           reasons="Past goed <b>binnen</b> de regeling.", by=officer)  # fmt: skip


def test_a_saved_text_is_used_for_the_next_letters_and_earlier_letters_stay_as_issued(officer):
    before = letter_of(grant(officer))
    before_bytes = before.file.read()

    version = letters.save_template(kind="grant", body=GRANT_TEXT, by=officer)
    after = letter_of(grant(officer))

    text = pdf_text(after.file.read())
    assert after.template == version and version.version == 1
    assert "Wij verlenen" in text and "10.000,00" in text and "Past goed <b>binnen</b> de regeling." in text
    assert "bezwaar" in text and "Algemene wet bestuursrecht" in text
    before.refresh_from_db()
    assert before.template is None and before.file.read() == before_bytes


@pytest.mark.parametrize(
    ("missing", "message"),
    [("{{ remedy }}", "{{ remedy }}"), ("{{ reasons }}", "{{ reasons }}"), ("{{ amounts }}", "{{ amounts }}"),
     ("{{ legal_basis }}", "{{ legal_basis }}")],
)  # fmt: skip
def test_a_text_without_a_mandatory_part_is_refused(officer, missing, message):
    with pytest.raises(ValidationError) as error:
        letters.save_template(kind="grant", body=GRANT_TEXT.replace(missing, ""), by=officer)

    assert message in " ".join(error.value.messages)
    assert not LetterTemplate.objects.exists()


def test_a_refusal_needs_no_amounts_but_still_the_remedy(officer):
    body = GRANT_TEXT.replace("{{ amounts }}", "")
    assert letters.save_template(kind="refusal", body=body, by=officer).version == 1
    with pytest.raises(ValidationError):
        letters.save_template(kind="refusal", body=body.replace("{{ remedy }}", ""), by=officer)


@pytest.mark.parametrize(
    "bad",
    [
        "{{ decision.decided_by.password }}",
        "{% load static %}",
        "{{ secret }}",
        "Zie {{ remedy }} hieronder.",
    ],
)
def test_template_language_unknown_variables_and_inline_blocks_are_refused(officer, bad):
    with pytest.raises(ValidationError):
        letters.save_template(kind="grant", body=GRANT_TEXT + "\n\n" + bad, by=officer)


def test_each_save_is_a_new_version_and_the_history_is_kept(officer):
    first = letters.save_template(kind="grant", body=GRANT_TEXT, by=officer)
    second = letters.save_template(kind="grant", body=GRANT_TEXT.replace("Wij verlenen", "Hierbij verlenen wij"),
                                   by=officer)  # fmt: skip

    assert (first.version, second.version) == (1, 2)
    assert letters.current_template("grant") == second
    assert list(LetterTemplate.objects.filter(kind="grant").values_list("version", flat=True)) == [2, 1]


def test_the_officer_edits_a_text_with_its_variables_history_and_a_refusal_that_keeps_what_was_typed(
    officer_client,
):
    page = officer_client.get("/medewerkers/brieven/grant/")
    assert page.status_code == 200 and "{{ remedy }}" in page.content.decode()

    typed = GRANT_TEXT.replace("{{ remedy }}", "Geen bezwaar mogelijk.")
    refused = officer_client.post("/medewerkers/brieven/grant/", {"body": typed})

    assert refused.status_code == 200 and "{{ remedy }}" in refused.content.decode()
    assert refused.context["form"]["body"].value() == typed
    assert not LetterTemplate.objects.exists()

    saved = officer_client.post("/medewerkers/brieven/grant/", {"body": GRANT_TEXT})
    assert saved.status_code == 302
    history = officer_client.get("/medewerkers/brieven/grant/")
    assert list(history.context["history"]) == [LetterTemplate.objects.get()]


def test_the_preview_shows_the_text_on_a_real_decision_and_stores_nothing(officer_client, officer):
    decision = grant(officer)
    letters_before = decision.application.organisation.letters.count()

    response = officer_client.post(
        "/medewerkers/brieven/grant/voorbeeld/",
        {"body": GRANT_TEXT + "\n\nProefzin.", "decision": decision.pk},
    )

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Proefzin." in text and decision.application.title in text and "10.000,00" in text
    assert decision.application.organisation.letters.count() == letters_before
    assert not LetterTemplate.objects.exists()


def test_a_preview_without_a_decision_or_with_a_bad_text_shows_the_errors(officer_client, officer):
    decision = grant(officer)

    without = officer_client.post("/medewerkers/brieven/grant/voorbeeld/", {"body": GRANT_TEXT})
    bad = officer_client.post(
        "/medewerkers/brieven/grant/voorbeeld/", {"body": "{{ nope }}", "decision": decision.pk}
    )

    assert without.status_code == 200 and without.context["form"].errors["decision"]
    assert bad.status_code == 200 and bad.context["form"].errors["body"]


def test_members_cannot_edit_letter_texts(client):
    member = assessed_application().organisation.memberships.get().user
    client.force_login(member)

    assert client.post("/medewerkers/brieven/grant/", {"body": GRANT_TEXT}).status_code == 403
    assert not LetterTemplate.objects.exists()
