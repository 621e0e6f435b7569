from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("voortgang/", views.overview, name="overview"),
    path("voortgang/subsidies/", views.register, name="register"),
    path("voortgang/toezeggingen/<slug:slug>/", views.commitment, name="commitment"),
    path("voortgang/indicatoren/<slug:slug>/", views.indicator, name="indicator"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<str:name>.<str:fmt>", views.open_data_file, name="open_data_file"),
]
