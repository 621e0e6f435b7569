from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("initiatieven/", views.initiative_list, name="initiative_list"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("campagnes/", views.campaign_list, name="campaign_list"),
    path("campagnes/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("aanmelden/", views.register, name="register"),
]
