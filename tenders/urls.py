from django.urls import path

from .views import (
    assessor,
    bank_accounts,
    batches,
    files,
    public,
    staff,
    staff_application,
    staff_closing,
    staff_information,
    staff_letters,
    staff_objection,
    staff_panel,
    staff_queue,
    staff_reclaims,
    staff_round,
)

staff_patterns = (
    [
        path("", staff_queue.work_queue_page, name="work_queue"),
        path("werk/<slug:key>/", staff_queue.queue_list, name="queue"),
        path("terugvorderingen/", staff_reclaims.reclaims, name="reclaims"),
        path("terugvorderingen/<int:pk>/", staff_reclaims.reclaim_detail, name="reclaim"),
        path(
            "terugvorderingen/<int:pk>/bezwaar/", staff_reclaims.register_objection, name="reclaim_objection"
        ),
        path("terugvorderingen/<int:pk>/betaald/", staff_reclaims.record_paid, name="reclaim_paid"),
        path("terugvorderingen/<int:pk>/afboeken/", staff_reclaims.write_off, name="reclaim_write_off"),
        path("rondes/", staff.round_list, name="round_list"),
        path("rondes/<int:pk>/", staff.round_applications, name="round_applications"),
        path("rondes/<int:pk>/rangschikking/", staff.ranking, name="ranking"),
        path("rondes/<int:pk>/wijziging/", staff_round.amend, name="round_amend"),
        path("rondes/<int:pk>/besluiten/", staff.round_decide, name="round_decide"),
        path("rondes/<int:pk>/beoordelaars/", staff_panel.round_panel, name="round_panel"),
        path("rondes/<int:pk>/beoordelaars/toewijzen/", staff_panel.assign, name="round_panel_assign"),
        path("rondes/<int:pk>/beoordelaars/vervangen/", staff_panel.reassign, name="round_panel_reassign"),
        path("rondes/<int:pk>/betalingen/", staff.payments, name="payments"),
        path("programma/<int:pk>/", staff.programme_overview, name="programme_overview"),
        path("betaalbatches/", batches.batch_list, name="batch_list"),
        path("betaalbatches/nieuw/", batches.batch_prepare, name="batch_prepare"),
        path("betaalbatches/afschrift/", batches.statement_upload, name="statement_upload"),
        path("betaalbatches/<int:pk>/", batches.batch_detail, name="batch_detail"),
        path("betaalbatches/<int:pk>/goedkeuren/", batches.batch_approve, name="batch_approve"),
        path("betaalbatches/<int:pk>/pain001.xml", batches.batch_file, name="batch_file"),
        path("betaalbatches/<int:pk>/betaald/", batches.batch_mark_paid, name="batch_mark_paid"),
        path("rekeningen/", bank_accounts.bank_accounts, name="bank_accounts"),
        path(
            "rekeningen/<int:pk>/controleren/", bank_accounts.verify_bank_account, name="bank_account_verify"
        ),
        path("besluiten/<int:pk>/brief.pdf", staff.decision_letter, name="decision_letter"),
        path(
            "verstuurde-brieven/<int:pk>/opnieuw-versturen/",
            staff.sent_letter_resend,
            name="sent_letter_resend",
        ),
        path("brieven/", staff_letters.letter_texts, name="letter_texts"),
        path("brieven/<slug:kind>/", staff_letters.letter_text, name="letter_text"),
        path("brieven/<slug:kind>/voorbeeld/", staff_letters.letter_text_preview, name="letter_text_preview"),
        path("aanvragen/<int:pk>/", staff_application.application_detail, name="application_detail"),
        path(
            "aanvragen/<int:pk>/ontvankelijk/", staff_application.mark_eligible, name="application_eligible"
        ),
        path(
            "aanvragen/<int:pk>/niet-ontvankelijk/",
            staff_application.mark_ineligible,
            name="application_ineligible",
        ),
        path(
            "aanvragen/<int:pk>/weigeren/",
            staff_information.refuse_ineligible,
            name="application_refuse_ineligible",
        ),
        path(
            "aanvragen/<int:pk>/aanvulverzoek/",
            staff_application.request_information,
            name="application_request_information",
        ),
        path(
            "aanvragen/<int:pk>/buiten-behandeling/",
            staff_information.set_aside,
            name="application_set_aside",
        ),
        path(
            "aanvragen/<int:pk>/aanvulverzoek/verlengen/", staff_information.extend, name="application_extend"
        ),
        path(
            "aanvragen/<int:pk>/aanvulverzoek/verder/",
            staff_information.continue_without_answer,
            name="application_continue",
        ),
        path(
            "aanvragen/<int:pk>/beoordelaars/", staff_application.assign_assessor, name="application_assign"
        ),
        path("aanvragen/<int:pk>/besluit/", staff_application.decide, name="application_decide"),
        path(
            "aanvragen/<int:pk>/consensus/", staff_application.record_consensus, name="application_consensus"
        ),
        path("aanvragen/<int:pk>/voorschot/", staff_application.pay_advance, name="application_pay_advance"),
        path(
            "aanvragen/<int:pk>/verantwoording-aanvullen/",
            staff_application.ask_more,
            name="application_ask_more",
        ),
        path("aanvragen/<int:pk>/vaststelling/", staff_application.settle, name="application_settle"),
        path("aanvragen/<int:pk>/afsluiten/", staff_closing.close, name="application_close"),
        path(
            "aanvragen/<int:pk>/bezwaar/", staff_application.register_objection, name="application_objection"
        ),
        path(
            "aanvragen/<int:pk>/bezwaar/besluit/",
            staff_application.decide_objection,
            name="application_objection_decide",
        ),
        path("bezwaren/<int:pk>/", staff_objection.objection_detail, name="objection"),
        path("bezwaren/<int:pk>/hoorzitting/", staff_objection.plan_hearing, name="objection_hearing"),
        path("bezwaren/<int:pk>/verslag/", staff_objection.minute_hearing, name="objection_minutes"),
        path("bezwaren/<int:pk>/niet-horen/", staff_objection.waive_hearing, name="objection_waive_hearing"),
        path("bezwaren/<int:pk>/verdagen/", staff_objection.extend_term, name="objection_extend"),
        path("bezwaren/<int:pk>/beslissen/", staff_objection.decide, name="objection_decide"),
        path(
            "bezwaren/<int:pk>/brieven/<int:letter_pk>.pdf",
            staff_objection.notice_letter,
            name="objection_letter",
        ),
    ],
    "staff",
)

assessment_patterns = (
    [
        path("", assessor.my_assessments, name="list"),
        path("ingediend/", assessor.submitted_assessments, name="submitted"),
        path("<int:pk>/", assessor.assess, name="assess"),
        path("<int:pk>/belangenconflict/", assessor.declare_conflict, name="conflict"),
    ],
    "assessment",
)

file_patterns = ([path("<int:pk>/", files.attachment_download, name="attachment")], "files")

public_round_patterns = ([path("<int:pk>/", public.round_page, name="round")], "rounds")
