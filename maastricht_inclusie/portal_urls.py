"""/portaal/: the organisation members' portal, composed of the registry's and the tenders' pages."""

from django.urls import path

from accounts import views as accounts
from exports import views as exports
from initiatives import views as registry
from letters import views as letters
from reminders import views as reminders
from tenders.views import portal as tenders
from tenders.views import portal_draft as drafts
from tenders.views.portal_home import portal_home

app_name = "portal"
urlpatterns = [
    path("", portal_home, name="home"),
    path("profiel/", accounts.profile, name="profile"),
    path("herinneringen/", reminders.my_reminders, name="reminders"),
    path("downloads/", exports.export_list, name="exports"),
    path("downloads/nieuw/", exports.export_create, name="export_create"),
    path("downloads/<uuid:pk>/", exports.export_detail, name="export_detail"),
    path("downloads/<uuid:pk>/status/", exports.export_status, name="export_status"),
    path("downloads/<uuid:pk>/bestand/", exports.export_download, name="export_download"),
    path("organisaties/<int:pk>/bewerken/", registry.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<int:pk>/bankrekening/",
        registry.organisation_bank_account,
        name="organisation_bank_account",
    ),
    path("organisaties/<int:pk>/initiatieven/nieuw/", registry.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/bewerken/", registry.initiative_edit, name="initiative_edit"),
    path("rondes/", tenders.round_list, name="round_list"),
    path("rondes/<int:pk>/aanvragen/", tenders.application_start, name="application_start"),
    path("rondes/<int:pk>/rangschikking/", tenders.round_ranking, name="round_ranking"),
    path("aanvragen/<int:pk>/", tenders.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/bewerken/", drafts.application_edit, name="application_edit"),
    path("aanvragen/<int:pk>/bijlagen/", drafts.application_attachments, name="application_attachments"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        drafts.attachment_remove,
        name="application_attachment_remove",
    ),
    path("aanvragen/<int:pk>/controleren/", drafts.application_check, name="application_check"),
    path("aanvragen/<int:pk>/intrekken/", tenders.application_withdraw, name="application_withdraw"),
    path("aanvragen/<int:pk>/aanvullen/", tenders.application_answer, name="application_answer"),
    path("aanvragen/<int:pk>/verantwoording/", tenders.application_report, name="application_report"),
    path("besluiten/<int:pk>/brief.pdf", tenders.decision_letter, name="decision_letter"),
    path("brieven/", letters.my_letters, name="letters"),
    path("brieven/<int:pk>/brief.pdf", letters.letter_download, name="letter"),
    path("brieven/<int:pk>/vertaling.pdf", letters.translation_download, name="letter_translation"),
]
