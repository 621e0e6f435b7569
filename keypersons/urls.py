from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sleutelpersonen/", views.person_list, name="person_list"),
    path("sleutelpersonen/nieuw/", views.person_create, name="person_create"),
    path("sleutelpersonen/<int:pk>/", views.person_detail, name="person_detail"),
    path("sleutelpersonen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("sleutelpersonen/<int:pk>/toestemming/", views.person_consent, name="person_consent"),
    path("sleutelpersonen/<int:pk>/toestemming/intrekken/", views.person_withdraw, name="person_withdraw"),
    path("sleutelpersonen/<int:pk>/verbindingen/", views.person_tie, name="person_tie"),
    path("sleutelpersonen/<int:pk>/acties/", views.person_action, name="person_action"),
    path("sleutelpersonen/<int:pk>/export.<str:fmt>", views.person_export, name="person_export"),
    path("sleutelpersonen/<int:pk>/wissen/", views.person_erase, name="person_erase"),
    path("verbindingen/<int:pk>/verwijderen/", views.tie_remove, name="tie_remove"),
    path("netwerken/", views.network_list, name="network_list"),
    path("contact/nieuw/", views.contact_create, name="contact_create"),
    path("contact/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("temperatuur/nieuw/", views.temperature_create, name="temperature_create"),
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/nieuw/", views.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/status/", views.signal_transition, name="signal_transition"),
    path("signalen/<int:pk>/escaleren/", views.signal_escalate, name="signal_escalate"),
    path("signalen/<int:pk>/acties/", views.signal_action, name="signal_action"),
    path("acties/", views.action_list, name="action_list"),
    path("acties/<int:pk>/afgerond/", views.action_done, name="action_done"),
    path("kaart/", views.graph, name="graph"),
    path("suggesties/", views.suggestions, name="suggestions"),
    path("evaluatie/", views.evaluation, name="evaluation"),
    path("verwerkingsregister/", views.register, name="register"),
    path("toegangslog/", views.access_log, name="access_log"),
]
