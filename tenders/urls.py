from django.urls import path

from .views import assessor, files, staff

staff_patterns = (
    [
        path("rondes/", staff.round_list, name="round_list"),
        path("rondes/<int:pk>/", staff.round_applications, name="round_applications"),
        path("rondes/<int:pk>/rangschikking/", staff.ranking, name="ranking"),
        path("rondes/<int:pk>/besluiten/", staff.round_decide, name="round_decide"),
        path("rondes/<int:pk>/betalingen/", staff.payments, name="payments"),
        path("programma/<int:pk>/", staff.programme_overview, name="programme_overview"),
        path("besluiten/<int:pk>/brief.pdf", staff.decision_letter, name="decision_letter"),
        path("aanvragen/<int:pk>/", staff.application_detail, name="application_detail"),
        path(
            "aanvragen/<int:pk>/<str:action>/",
            staff.application_action,
            name="application_action",
        ),
    ],
    "staff",
)

assessment_patterns = (
    [
        path("", assessor.my_assessments, name="list"),
        path("<int:pk>/", assessor.assess, name="assess"),
        path("<int:pk>/belangenconflict/", assessor.declare_conflict, name="conflict"),
    ],
    "assessment",
)

file_patterns = ([path("<int:pk>/", files.attachment_download, name="attachment")], "files")
