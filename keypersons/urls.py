from django.urls import path

from .views import access, contacts, dashboard, networks, people, roles, signals

app_name = "network"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sleutelpersonen/", people.person_list, name="person_list"),
    path("sleutelpersonen/nieuw/", people.person_create, name="person_create"),
    path("sleutelpersonen/<int:pk>/", people.person_detail, name="person_detail"),
    path("sleutelpersonen/<int:pk>/bewerken/", people.person_edit, name="person_edit"),
    path("sleutelpersonen/<int:pk>/toestemming/", people.person_consent, name="person_consent"),
    path("sleutelpersonen/<int:pk>/toestemming/intrekken/", people.person_withdraw, name="person_withdraw"),
    path("sleutelpersonen/<int:pk>/verbindingen/", networks.person_tie, name="person_tie"),
    path("sleutelpersonen/<int:pk>/acties/", signals.person_action, name="person_action"),
    path("sleutelpersonen/<int:pk>/export.<str:fmt>", people.person_export, name="person_export"),
    path("sleutelpersonen/<int:pk>/wissen/", people.person_erase, name="person_erase"),
    path("verbindingen/<int:pk>/verwijderen/", networks.tie_remove, name="tie_remove"),
    path("netwerken/", networks.network_list, name="network_list"),
    path("contact/nieuw/", contacts.contact_create, name="contact_create"),
    path("contact/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("temperatuur/nieuw/", contacts.temperature_create, name="temperature_create"),
    path("signalen/", signals.signal_list, name="signal_list"),
    path("signalen/nieuw/", signals.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", signals.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/status/", signals.signal_transition, name="signal_transition"),
    path("signalen/<int:pk>/escaleren/", signals.signal_escalate, name="signal_escalate"),
    path("signalen/<int:pk>/acties/", signals.signal_action, name="signal_action"),
    path("acties/", signals.action_list, name="action_list"),
    path("acties/<int:pk>/afgerond/", signals.action_done, name="action_done"),
    path("kaart/", networks.graph, name="graph"),
    path("suggesties/", networks.suggestions, name="suggestions"),
    path("evaluatie/", dashboard.evaluation, name="evaluation"),
    path("verwerkingsregister/", access.register, name="register"),
    path("toegangslog/", access.access_log, name="access_log"),
    path("rollen/", roles.network_roles, name="roles"),
    path("rollen/<int:pk>/<str:role>/intrekken/", roles.network_role_remove, name="role_remove"),
]
