from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import two_factor
from accounts import views as accounts
from accounts.password_reset import QueuedPasswordResetView
from tenders.urls import assessment_patterns, file_patterns, staff_patterns

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("sessie/verlengen/", accounts.extend_session, name="extend_session"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/tweestaps/", two_factor.verify, name="two_factor_verify"),
    path("accounts/tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", QueuedPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("", include("initiatives.urls")),
    path("", include("progress.urls")),
    path("portaal/", include("maastricht_inclusie.portal_urls")),
    path("medewerkers/", include(staff_patterns)),
    path("beoordelen/", include(assessment_patterns)),
    path("bijlagen/", include(file_patterns)),
    path("netwerk/", include("keypersons.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

admin.site.site_header = "Maastricht Inclusie"
admin.site.site_title = "Maastricht Inclusie"
