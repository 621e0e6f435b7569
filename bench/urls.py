"""The portal's URL conf plus the baseline page; used only by bench/settings.py."""

from django.urls import path

from maastricht_inclusie.urls import urlpatterns as portal_urlpatterns

from . import views

# The portal's patterns are copied, not include()d: LocaleMiddleware looks for i18n_patterns at the top.
urlpatterns = [path("bench/baseline/<int:pk>/", views.baseline, name="bench_baseline"), *portal_urlpatterns]
