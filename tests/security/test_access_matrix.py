"""The access-control matrix: every URL of the URL conf × every role, with the expected outcome.

A URL that is added without a row here fails `test_every_url_is_in_the_matrix`. The admin is left
out: it has Django's own permission system, tested where it is used.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from exports.services import request_export
from exports.tasks import run_export
from initiatives.models import Initiative, Organisation
from keypersons import services
from keypersons.models import Action, ContactMoment, Escalation, KeyPerson, Signal, Tie
from progress.models import Commitment
from tenders.letters import letter_of
from tenders.models import Application, Assessment, Attachment, Decision
from tests.security.test_hardening import walk

ROLES = ["anon", "a", "b", "assessor", "officer", "director", "network", "superuser"]
USERS = {"a": "tevhid", "b": "humanitas", "assessor": "beoordelaar1", "officer": "beleid", "director": "regisseur",
         "network": "netwerk", "superuser": "admin"}  # fmt: skip
LOGIN = "login"


def everyone(code):
    return dict.fromkeys(ROLES, code)


def logged_in(code, anon=LOGIN, **exceptions):
    return {"anon": anon, **dict.fromkeys(ROLES[1:], code), **exceptions}


def only(code_for: dict, others, anon=LOGIN):
    return {"anon": anon, **{r: code_for.get(r, others) for r in ROLES[1:]}}


STAFF = only({"officer": 200}, 403)
STAFF_POST = only({"officer": 405}, 403)
NETWORK = only({"director": 200, "network": 200}, 403)
DIRECTOR = only({"director": 200}, 403)
NETWORK_POST = only({"director": 405, "network": 405}, 403)
DIRECTOR_POST = only({"director": 405}, 403)
OWN = only({"a": 200}, 404)

# name → (how to build the URL from the demo data, expected outcome per role)
MATRIX = {
    "home": (lambda d: reverse("home"), everyone(200)),
    "accessibility": (lambda d: reverse("accessibility"), everyone(200)),
    "privacy": (lambda d: reverse("privacy"), everyone(200)),
    "healthz": (lambda d: reverse("healthz"), everyone(200)),
    "favicon": (lambda d: reverse("favicon"), everyone(301)),
    "set_language": (lambda d: reverse("set_language"), everyone(302)),
    "login": (lambda d: reverse("login"), logged_in(302, anon=200)),
    "logout": (lambda d: reverse("logout"), everyone(405)),
    "password_reset": (lambda d: reverse("password_reset"), everyone(200)),
    "password_reset_done": (lambda d: reverse("password_reset_done"), everyone(200)),
    "password_reset_confirm": (lambda d: reverse("password_reset_confirm", args=["x", "y"]), everyone(200)),
    "password_reset_complete": (lambda d: reverse("password_reset_complete"), everyone(200)),
    "two_factor:setup": (lambda d: reverse("two_factor:setup"), logged_in(200)),
    # The QR code exists only while the setup wizard shows it (its key is in the session).
    "two_factor:qr": (lambda d: reverse("two_factor:qr"), logged_in(404)),
    # Only after a code is confirmed; before, to the setup wizard.
    "two_factor:setup_complete": (lambda d: reverse("two_factor:setup_complete"), logged_in(302)),
    "two_factor:backup_tokens": (lambda d: reverse("two_factor:backup_tokens"), logged_in(302)),
    "extend_session": (lambda d: reverse("extend_session"), logged_in(302)),
    "initiatives:initiative_list": (lambda d: reverse("initiatives:initiative_list"), everyone(200)),
    "initiatives:initiative_detail": (lambda d: d["public_initiative"].get_absolute_url(), everyone(200)),
    "initiatives:organisation_list": (lambda d: reverse("initiatives:organisation_list"), everyone(200)),
    "initiatives:organisation_detail": (lambda d: d["org_a"].get_absolute_url(), everyone(200)),
    "initiatives:campaign_list": (lambda d: reverse("initiatives:campaign_list"), everyone(200)),
    "initiatives:campaign_detail": (lambda d: reverse("initiatives:campaign_detail", args=["weerbaar-opvoeden"]), everyone(200)),
    "initiatives:register": (lambda d: reverse("initiatives:register"), logged_in(302, anon=200)),
    "progress:overview": (lambda d: reverse("progress:overview"), everyone(200)),
    "progress:register": (lambda d: reverse("progress:register"), everyone(200)),
    "progress:commitment": (lambda d: d["commitment"].get_absolute_url(), everyone(200)),
    "progress:indicator": (lambda d: reverse("progress:indicator", args=["bestaat-niet"]), everyone(404)),
    "progress:open_data": (lambda d: reverse("progress:open_data"), everyone(200)),
    "progress:open_data_file": (lambda d: reverse("progress:open_data_file", args=["subsidies", "csv"]), everyone(200)),
    "portal:home": (lambda d: reverse("portal:home"), logged_in(200)),
    "portal:profile": (lambda d: reverse("portal:profile"), logged_in(200)),
    "portal:reminders": (lambda d: reverse("portal:reminders"), logged_in(200)),
    "portal:organisation_edit": (lambda d: reverse("portal:organisation_edit", args=[d["org_a"].pk]), OWN),
    "portal:organisation_bank_account": (lambda d: reverse("portal:organisation_bank_account", args=[d["org_a"].pk]), OWN),
    "portal:initiative_create": (lambda d: reverse("portal:initiative_create", args=[d["org_a"].pk]), OWN),
    "portal:initiative_edit": (lambda d: reverse("portal:initiative_edit", args=[d["initiative_a"].pk]), OWN),
    "portal:round_list": (lambda d: reverse("portal:round_list"), logged_in(200)),
    "portal:application_start": (lambda d: reverse("portal:application_start", args=[d["round"].pk]), logged_in(200)),
    "portal:round_ranking": (lambda d: reverse("portal:round_ranking", args=[d["round"].pk]), OWN),
    "portal:application_detail": (lambda d: reverse("portal:application_detail", args=[d["app_a"].pk]), OWN),
    "portal:application_edit": (lambda d: reverse("portal:application_edit", args=[d["app_a"].pk]), OWN),
    "portal:application_attachments": (lambda d: reverse("portal:application_attachments", args=[d["app_a"].pk]), OWN),
    "portal:application_check": (lambda d: reverse("portal:application_check", args=[d["app_a"].pk]), OWN),
    # Withdrawing asks first: the GET is its confirmation page (the demo's app_a is decided: it says it cannot).
    "portal:application_withdraw": (lambda d: reverse("portal:application_withdraw", args=[d["app_a"].pk]), OWN),
    "portal:application_attachment_remove": (lambda d: reverse("portal:application_attachment_remove", args=[d["app_a"].pk, d["attachment"].pk]), OWN),
    "portal:application_answer": (lambda d: reverse("portal:application_answer", args=[d["app_a"].pk]), logged_in(405)),
    "portal:application_report": (lambda d: reverse("portal:application_report", args=[d["app_a"].pk]), logged_in(405)),
    "portal:decision_letter": (lambda d: reverse("portal:decision_letter", args=[d["decision_a"].pk]), OWN),
    "portal:letters": (lambda d: reverse("portal:letters"), logged_in(200)),
    "portal:letter": (lambda d: reverse("portal:letter", args=[letter_of(d["decision_a"]).pk]), OWN),
    # The demo's contacts read Dutch: no translation of their letter (the owner's download is tested on its own).
    "portal:letter_translation": (lambda d: reverse("portal:letter_translation", args=[letter_of(d["decision_a"]).pk]), logged_in(404)),
    "start": (lambda d: reverse("start"), logged_in(302)),
    "staff:work_queue": (lambda d: reverse("staff:work_queue"), STAFF),
    "staff:queue": (lambda d: reverse("staff:queue", args=["controleren"]), STAFF),
    "staff:reclaims": (lambda d: reverse("staff:reclaims"), STAFF),
    "staff:reclaim": (lambda d: reverse("staff:reclaim", args=[d["reclaim"].pk]), STAFF),
    "staff:reclaim_objection": (lambda d: reverse("staff:reclaim_objection", args=[d["reclaim"].pk]), STAFF_POST),
    "staff:reclaim_paid": (lambda d: reverse("staff:reclaim_paid", args=[d["reclaim"].pk]), STAFF),
    "staff:reclaim_write_off": (lambda d: reverse("staff:reclaim_write_off", args=[d["reclaim"].pk]), STAFF),
    "staff:round_list": (lambda d: reverse("staff:round_list"), STAFF),
    "staff:round_applications": (lambda d: reverse("staff:round_applications", args=[d["round"].pk]), STAFF),
    "staff:ranking": (lambda d: reverse("staff:ranking", args=[d["round"].pk]), STAFF),
    "rounds:round": (lambda d: reverse("rounds:round", args=[d["round"].pk]), everyone(200)),
    "staff:round_amend": (lambda d: reverse("staff:round_amend", args=[d["round"].pk]), STAFF),
    "portal:exports": (lambda d: reverse("portal:exports"), logged_in(200)),
    "portal:export_create": (lambda d: reverse("portal:export_create"), logged_in(405)),
    "portal:export_detail": (lambda d: reverse("portal:export_detail", args=[d["export"].pk]), only({"officer": 200}, 404)),
    "portal:export_status": (lambda d: reverse("portal:export_status", args=[d["export"].pk]), only({"officer": 200}, 404)),
    "portal:export_download": (lambda d: reverse("portal:export_download", args=[d["export"].pk]), only({"officer": 200}, 404)),
    "staff:round_decide": (lambda d: reverse("staff:round_decide", args=[d["round"].pk]), STAFF),
    "staff:round_panel": (lambda d: reverse("staff:round_panel", args=[d["round"].pk]), STAFF),
    "staff:round_panel_assign": (lambda d: reverse("staff:round_panel_assign", args=[d["round"].pk]), STAFF_POST),
    "staff:round_panel_reassign": (lambda d: reverse("staff:round_panel_reassign", args=[d["round"].pk]), STAFF_POST),
    "staff:payments": (lambda d: reverse("staff:payments", args=[d["round"].pk]), STAFF),
    "staff:programme_overview": (lambda d: reverse("staff:programme_overview", args=[d["round"].programme_id]), STAFF),
    "staff:bank_accounts": (lambda d: reverse("staff:bank_accounts"), STAFF),
    "staff:batch_list": (lambda d: reverse("staff:batch_list"), STAFF),
    "staff:batch_prepare": (lambda d: reverse("staff:batch_prepare"), STAFF_POST),
    "staff:statement_upload": (lambda d: reverse("staff:statement_upload"), STAFF_POST),
    "staff:batch_detail": (lambda d: reverse("staff:batch_detail", args=[d["batch"].pk]), STAFF),
    "staff:batch_approve": (lambda d: reverse("staff:batch_approve", args=[d["batch"].pk]), STAFF_POST),
    "staff:batch_file": (lambda d: reverse("staff:batch_file", args=[d["batch"].pk]), STAFF),
    "staff:batch_mark_paid": (lambda d: reverse("staff:batch_mark_paid", args=[d["batch"].pk]), STAFF_POST),
    "staff:bank_account_verify": (lambda d: reverse("staff:bank_account_verify", args=[d["org_a"].pk]), STAFF_POST),
    "staff:decision_letter": (lambda d: reverse("staff:decision_letter", args=[d["decision_a"].pk]), STAFF),
    "staff:letter_texts": (lambda d: reverse("staff:letter_texts"), STAFF),
    "staff:letter_text": (lambda d: reverse("staff:letter_text", args=["grant"]), STAFF),
    "staff:letter_text_preview": (lambda d: reverse("staff:letter_text_preview", args=["grant"]), STAFF_POST),
    "staff:sent_letter_resend": (
        lambda d: reverse("staff:sent_letter_resend", args=[letter_of(d["decision_a"]).pk]), STAFF_POST
    ),
    "staff:application_detail": (lambda d: reverse("staff:application_detail", args=[d["app_a"].pk]), STAFF),
    "staff:application_eligible": (lambda d: reverse("staff:application_eligible", args=[d["app_a"].pk]), STAFF),
    "staff:application_ineligible": (lambda d: reverse("staff:application_ineligible", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_request_information": (lambda d: reverse("staff:application_request_information", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_assign": (lambda d: reverse("staff:application_assign", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_close": (lambda d: reverse("staff:application_close", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_set_aside": (lambda d: reverse("staff:application_set_aside", args=[d["app_a"].pk]), STAFF),
    "staff:application_refuse_ineligible": (lambda d: reverse("staff:application_refuse_ineligible", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_extend": (lambda d: reverse("staff:application_extend", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_continue": (lambda d: reverse("staff:application_continue", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_decide": (lambda d: reverse("staff:application_decide", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_consensus": (lambda d: reverse("staff:application_consensus", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_pay_advance": (lambda d: reverse("staff:application_pay_advance", args=[d["app_a"].pk]), STAFF),
    "staff:application_ask_more": (lambda d: reverse("staff:application_ask_more", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_settle": (lambda d: reverse("staff:application_settle", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_objection": (lambda d: reverse("staff:application_objection", args=[d["app_a"].pk]), STAFF_POST),
    "staff:application_objection_decide": (lambda d: reverse("staff:application_objection_decide", args=[d["app_a"].pk]), STAFF_POST),
    "staff:objection": (lambda d: reverse("staff:objection", args=[d["objection"].pk]), STAFF),
    "staff:objection_hearing": (lambda d: reverse("staff:objection_hearing", args=[d["objection"].pk]), STAFF_POST),
    "staff:objection_minutes": (lambda d: reverse("staff:objection_minutes", args=[d["objection"].pk]), STAFF_POST),
    "staff:objection_waive_hearing": (lambda d: reverse("staff:objection_waive_hearing", args=[d["objection"].pk]), STAFF_POST),
    "staff:objection_extend": (lambda d: reverse("staff:objection_extend", args=[d["objection"].pk]), STAFF_POST),
    "staff:objection_decide": (lambda d: reverse("staff:objection_decide", args=[d["objection"].pk]), STAFF_POST),
    "staff:objection_letter": (lambda d: reverse("staff:objection_letter", args=[d["objection"].pk, d["acknowledgement"].pk]), STAFF),
    "assessment:list": (lambda d: reverse("assessment:list"), only({"assessor": 200}, 403)),
    "assessment:submitted": (lambda d: reverse("assessment:submitted"), only({"assessor": 200}, 403)),
    "assessment:assess": (lambda d: reverse("assessment:assess", args=[d["assessment"].pk]), only({"assessor": 200}, 403)),
    "assessment:conflict": (lambda d: reverse("assessment:conflict", args=[d["assessment"].pk]), logged_in(405)),
    "network:dashboard": (lambda d: reverse("network:dashboard"), NETWORK),
    "network:person_list": (lambda d: reverse("network:person_list"), NETWORK),
    "network:person_create": (lambda d: reverse("network:person_create"), DIRECTOR),
    "network:person_detail": (lambda d: reverse("network:person_detail", args=[d["person"].pk]), NETWORK),
    "network:person_edit": (lambda d: reverse("network:person_edit", args=[d["person"].pk]), DIRECTOR),
    "network:person_consent": (lambda d: reverse("network:person_consent", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_withdraw": (lambda d: reverse("network:person_withdraw", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_informed": (lambda d: reverse("network:person_informed", args=[d["person"].pk]), DIRECTOR_POST),
    "network:information_text": (lambda d: reverse("network:information_text"), NETWORK),
    "network:information_text_edit": (lambda d: reverse("network:information_text_edit"), DIRECTOR_POST),
    "network:information_text_pdf": (lambda d: reverse("network:information_text_pdf", args=[1]), NETWORK),
    "network:person_tie": (lambda d: reverse("network:person_tie", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_action": (lambda d: reverse("network:person_action", args=[d["person"].pk]), NETWORK_POST),
    "network:person_export": (lambda d: reverse("network:person_export", args=[d["person"].pk, "json"]), DIRECTOR),
    "network:person_erase": (lambda d: reverse("network:person_erase", args=[d["person"].pk]), DIRECTOR),
    "network:tie_remove": (lambda d: reverse("network:tie_remove", args=[d["tie"].pk]), DIRECTOR_POST),
    "network:network_list": (lambda d: reverse("network:network_list"), NETWORK),
    "network:contact_create": (lambda d: reverse("network:contact_create"), NETWORK),
    "network:contact_detail": (lambda d: reverse("network:contact_detail", args=[d["contact"].pk]), NETWORK),
    "network:temperature_create": (lambda d: reverse("network:temperature_create"), NETWORK),
    "network:signal_list": (lambda d: reverse("network:signal_list"), NETWORK),
    "network:signal_create": (lambda d: reverse("network:signal_create"), NETWORK),
    "network:signal_detail": (lambda d: reverse("network:signal_detail", args=[d["signal"].pk]), NETWORK),
    "network:signal_transition": (lambda d: reverse("network:signal_transition", args=[d["signal"].pk]), NETWORK_POST),
    "network:signal_escalate": (lambda d: reverse("network:signal_escalate", args=[d["signal"].pk]), NETWORK_POST),
    "network:signal_action": (lambda d: reverse("network:signal_action", args=[d["signal"].pk]), NETWORK_POST),
    "network:action_list": (lambda d: reverse("network:action_list"), NETWORK),
    "network:action_cancel": (lambda d: reverse("network:action_cancel", args=[d["action"].pk]), NETWORK_POST),
    "network:escalation_feedback": (lambda d: reverse("network:escalation_feedback", args=[d["escalation"].pk]), NETWORK_POST),
    "network:action_done": (lambda d: reverse("network:action_done", args=[d["action"].pk]), NETWORK_POST),
    "network:graph": (lambda d: reverse("network:graph"), NETWORK),
    "network:suggestions": (lambda d: reverse("network:suggestions"), NETWORK),
    "network:evaluation": (lambda d: reverse("network:evaluation"), NETWORK),
    "network:register": (lambda d: reverse("network:register"), DIRECTOR),
    "network:access_log": (lambda d: reverse("network:access_log"), DIRECTOR),
    "network:roles": (lambda d: reverse("network:roles"), DIRECTOR),
    "network:role_remove": (lambda d: reverse("network:role_remove", args=[d["network_user"], "netwerkmedewerker"]), DIRECTOR_POST),
    "network:person_rights": (lambda d: reverse("network:person_rights", args=[d["person"].pk]), DIRECTOR),
    "network:person_access_copy": (lambda d: reverse("network:person_access_copy", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_rectify": (lambda d: reverse("network:person_rectify", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_restrict": (lambda d: reverse("network:person_restrict", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_lift_restriction": (lambda d: reverse("network:person_lift_restriction", args=[d["person"].pk]), DIRECTOR_POST),
    "network:person_objection": (lambda d: reverse("network:person_objection", args=[d["person"].pk]), DIRECTOR_POST),
    "network:rights_copy": (lambda d: reverse("network:rights_copy", args=[d["access_copy"].pk, "pdf"]), DIRECTOR),
    "network:retention_review": (lambda d: reverse("network:retention_review"), DIRECTOR),
    "network:retention_keep": (lambda d: reverse("network:retention_keep", args=[d["person"].pk]), DIRECTOR_POST),
    "network:dpia": (lambda d: reverse("network:dpia"), DIRECTOR),
    "files:attachment": (lambda d: reverse("files:attachment", args=[d["attachment"].pk]), only({"a": 200, "officer": 200, "assessor": 200}, 404)),
}  # fmt: skip


def test_every_url_is_in_the_matrix():
    names = {name for name, route in walk(_patterns()) if not route.startswith("i18n/")} | {"set_language"}

    assert names - set(MATRIX) == set()
    assert set(MATRIX) - names == set()


def _patterns():
    from django.urls import get_resolver

    return get_resolver().url_patterns


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    org_a = Organisation.objects.get(name="Stichting Turks Cultureel Centrum Tevhid")
    app_a = Application.objects.get(organisation=org_a)
    member = get_user_model().objects.get(username="tevhid")
    attachment = Attachment.objects.create(
        application=app_a, kind="report", original_name="plan.pdf", content_type="application/pdf", size=10,
        uploaded_by=member, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF"),
    )  # fmt: skip
    return {
        "org_a": org_a,
        "app_a": app_a,
        "initiative_a": Initiative.objects.filter(organisation=org_a).first(),
        "public_initiative": Initiative.objects.listed().first(),
        "round": app_a.round,
        "decision_a": Decision.objects.get(application=app_a),
        "assessment": Assessment.objects.get(application=app_a, assessor__username="beoordelaar1"),
        "attachment": attachment,
        "commitment": Commitment.objects.first(),
        "person": KeyPerson.objects.filter(ties__isnull=False).first(),
        "tie": Tie.objects.first(),
        "contact": ContactMoment.objects.first(),
        "signal": Signal.objects.first(),
        "action": Action.objects.first(),
        "escalation": Escalation.objects.first(),
        "export": _finished_export(app_a.round_id),
        "network_user": get_user_model().objects.get(username="netwerk").pk,
        "access_copy": _access_copy(),
        "batch": _sent_batch(),
        **_objection(Decision.objects.get(application=app_a)),
        "reclaim": _open_reclaim(),
    }


def _objection(decision):
    """An objection against the demo's decision, with its acknowledgement letter."""
    from django.utils import timezone

    from letters.models import Letter
    from tenders.services import register_objection

    # The demo decides its round as of just after closing, which may lie ahead: the objection comes a day later.
    with time_machine.travel(decision.decided_at + timedelta(days=1), tick=False):
        objection = register_objection(
            decision=decision, received_on=timezone.localdate(), grounds="Te weinig.",
            by=get_user_model().objects.get(username="beleid"),
        )  # fmt: skip
    return {"objection": objection, "acknowledgement": Letter.objects.get(kind="objection_acknowledgement")}


def _sent_batch():
    """The demo's paid advance in a batch that one officer prepared and another approved."""
    from tenders.models import Payment
    from tenders.services.payments import approve_batch, prepare_batch
    from tests.factories import UserFactory

    batch = prepare_batch(
        payments=[Payment.objects.first().pk], by=get_user_model().objects.get(username="beleid")
    )
    return approve_batch(batch=batch, by=UserFactory(roles=["beleidsmedewerker"]))


def _open_reclaim():
    """A settlement below the paid advance, so that its reclaim is open (the demo settles nothing)."""
    from tests.factories import ProgrammeFactory, UserFactory
    from tests.tenders.test_settlement import advanced, settle

    officer = UserFactory(roles=["beleidsmedewerker"])
    # A code of its own: the factory's sequence may start at the demo programme's code.
    programme = ProgrammeFactory(code="TV-2099")
    return settle(advanced(officer, programme=programme), officer, "11000").reclaim


def _access_copy():
    from keypersons.models import RightsRequest

    copy = RightsRequest.objects.exclude(copy_pdf="").first()
    if copy is None:  # the demo has none yet: the director makes one
        copy = services.issue_access_copy(
            person=KeyPerson.objects.filter(ties__isnull=False).first(),
            by=get_user_model().objects.get(username="regisseur"),
            received_on=timezone.localdate(),
        )
    return copy


def _finished_export(round_id):
    job = request_export(user=get_user_model().objects.get(username="beleid"), kind="ranking", fmt="csv", params={"round": round_id})  # fmt: skip
    run_export(str(job.pk))
    return job


@pytest.mark.django_db
def test_access_matrix(demo, settings, subtests):
    """A subtest per role, on one load of the demo data: each role's requests are rolled back and the cache
    emptied after them, so every role meets the demo data as loaded, with a client of its own."""
    for role in ROLES:
        with subtests.test(role=role), transaction.atomic():
            cache.clear()
            translation.activate(settings.LANGUAGE_CODE)  # as each test starts (tests/conftest.py)
            try:
                _check_role(Client(), demo, role)
            finally:
                transaction.set_rollback(True)
                cache.clear()


def _check_role(client, demo, role):
    if role != "anon":
        client.force_login(get_user_model().objects.get(username=USERS[role]))
    failures = []
    for name, (build, expected) in MATRIX.items():
        url = build(demo)
        response = client.get(url)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{name} {url}: expected {want}, got {response.status_code}")

    assert failures == []


def test_the_url_walk_does_not_depend_on_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        test_every_url_is_in_the_matrix()
